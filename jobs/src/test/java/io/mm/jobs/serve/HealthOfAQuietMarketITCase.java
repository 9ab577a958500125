package io.mm.jobs.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.api.catalog.DataCatalog;
import io.mm.api.relay.Relay;
import io.mm.api.rest.RestRoutes;
import io.mm.api.server.ApiServer;
import io.mm.api.server.ApiSettings;
import io.mm.core.Exchange;
import io.mm.core.config.SettingsReader;
import io.mm.jobs.record.RecordJobSettings;
import io.mm.jobs.record.RecorderSimulatorITCase;
import io.mm.simulator.junit.SimulatorExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health} tells a quiet market from a dead recorder: no live line for over a minute is {@code silent}; while
 * the recorder's ledger still gets rows after the newest line (its heartbeats) the symbol is {@code quiet} and the
 * status stays ok. /health's clock is moved ahead instead of waiting minutes.
 */
class HealthOfAQuietMarketITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final SimulatorExtension sim = SimulatorExtension.with(b -> b.seed(23).rate(50).exchanges(EnumSet.of(Exchange.BINANCE)));

    @Test
    void aQuietMarketIsQuietAndADeadRecorderIsDegraded(@TempDir Path dir) throws Exception {
        Map<String, String> env = RecorderSimulatorITCase.environment(sim.simulator(), dir);
        env.put("SYMBOL", "binance:BTCUSDT");
        env.put("PARALLELISM", "1");
        env.put("LIVE_STREAM", "1");
        env.put("HEARTBEAT_SEC", "1");
        env.put("WS_PING_INTERVAL_S", "1");
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        AtomicLong ahead = new AtomicLong();
        ApiSettings api = ApiSettings.defaults(0);
        JobClient job = RecorderSimulatorITCase.start(RecordJobSettings.from(new SettingsReader(env), RecordJobSettings.newRunId(),
                System.currentTimeMillis()));
        try (Relay relay = new Relay(new DataCatalog(data), Relay.Settings.defaults(), System::currentTimeMillis).start();
             ApiServer server = new ApiServer(api, List.of(new RestRoutes(relay, () -> System.currentTimeMillis() + ahead.get(),
                     api.maxSymbols()))).start()) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health")).build();
            Health h = () -> JSON.readTree(http.send(health, HttpResponse.BodyHandlers.ofString()).body());
            JsonNode synced = await(h, x -> symbol(x).path("state").asText().equals("SYNCED") && x.path("status").asText().equals("ok"),
                    "the symbol SYNCED and the status ok");
            assertThat(symbol(synced).get("silent").asBoolean()).isFalse();

            sim.simulator().pause(); // the market stands still, the recorder goes on (heartbeat rows every second)
            Thread.sleep(4_000);
            ahead.set(90_000);
            assertHealth(h.get(), true, true, "ok");
            ahead.set(200_000); // the ledger's newest row is over 150 s old: no sign of the recorder any more
            assertHealth(h.get(), true, false, "degraded");

            ahead.set(0);
            sim.simulator().resume();
            Thread.sleep(3_000);
            job.cancel().get(); // a recorder gone while its market moves: no ledger row after its newest line
            job = null;
            Thread.sleep(2_000);
            ahead.set(90_000);
            assertHealth(h.get(), true, false, "degraded");
        } finally {
            sim.simulator().resume();
            if (job != null) {
                job.cancel();
            }
        }
    }

    private static void assertHealth(JsonNode health, boolean silent, boolean quiet, String status) {
        assertThat(symbol(health).get("silent").asBoolean()).as("silent; " + health).isEqualTo(silent);
        assertThat(symbol(health).get("quiet").asBoolean()).as("quiet; " + health).isEqualTo(quiet);
        assertThat(health.get("status").asText()).as(health.toString()).isEqualTo(status);
    }

    private interface Health {
        JsonNode get() throws Exception;
    }

    private static JsonNode symbol(JsonNode health) {
        return health.path("symbols").path(0);
    }

    private static JsonNode await(Health h, Predicate<JsonNode> until, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        JsonNode last = h.get();
        while (!until.test(last)) {
            assertThat(System.currentTimeMillis()).as(what + " within 60 s; /health: " + last).isLessThan(deadline);
            Thread.sleep(250);
            last = h.get();
        }
        return last;
    }
}
