package io.mm.jobs.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mm.core.Exchange;
import io.mm.jobs.record.Recording;
import io.mm.simulator.fault.FaultSpec;
import io.mm.simulator.junit.SimulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder loses its sockets and cannot reconnect for a while: its ledger says so at once, and so does serve, though
 * no further line comes to tell its books apart from a quiet market's. {@code /book} answers 503 with the recorder's
 * state until the recorder has resynced, then the book of the new epoch.
 */
class RecorderLosesItsSocketITCase {
    private static final Map<Exchange, String> SYMBOLS = Recording.ONE_PER_EXCHANGE;

    @RegisterExtension
    final SimulatorExtension sim = SimulatorExtension.with(b -> b.seed(31).rate(40));

    @Test
    void whileTheRecorderIsDisconnectedServeSaysSoAndAfterwardsServesTheNewEpoch(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        try (RestOverFiles rest = RestOverFiles.start(dir.resolve("data"), System::currentTimeMillis)) {
            Recording.run(sim.simulator(), dir, Recording.ONE_PER_EXCHANGE_SYMBOLS, Map.of("LIVE_STREAM", "1"), rec -> {
                for (Map.Entry<Exchange, String> s : SYMBOLS.entrySet()) {
                    assertThat(rest.book(s.getKey(), s.getValue(), 5).path("epoch").asInt()).isEqualTo(1);
                }
                for (Exchange e : SYMBOLS.keySet()) {
                    rec.sim.inject(FaultSpec.refuseConnections(e, Duration.ofSeconds(8)));
                    rec.sim.inject(FaultSpec.closeSockets(e));
                }
                for (Map.Entry<Exchange, String> s : SYMBOLS.entrySet()) {
                    JsonNode down = rest.awaitBook(s.getKey(), s.getValue(), b -> !b.path("synced").asBoolean(true),
                            "the book no longer served as synced");
                    assertThat(down.path("state").asText()).as(down.toString()).isEqualTo("CONNECTING");
                    assertThat(down.path("reason").asText()).as(down.toString()).contains("CONNECTING");
                }
                for (Map.Entry<Exchange, String> s : SYMBOLS.entrySet()) {
                    JsonNode up = rest.awaitBook(s.getKey(), s.getValue(), b -> b.path("synced").asBoolean(false) && b.path("epoch").asInt() > 1,
                            "the book of the recorder's next epoch");
                    assertThat(up.path("state").asText()).isEqualTo("SYNCED");
                }
                rec.job.cancel();
            });
        }
    }
}
