package io.mm.jobs.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.simulator.fault.FaultSpec;
import io.mm.simulator.junit.SimulatorExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Binance sessions handed over to a new socket at {@code WS_MAX_SESSION_S} and at {@code serverShutdown}: the books go
 * on without a resync, no update or trade is lost or written twice, and the day replays; a successor that cannot
 * connect falls back to a reconnect (a disconnect gap and a resync).
 */
class RecorderSessionHandoverITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Symbols beyond the URL's 100 streams are subscribed by messages, so the successor takes longer to settle. */
    private static final int SYMBOLS = 120;

    @RegisterExtension
    final SimulatorExtension sim = SimulatorExtension.with(b -> b.seed(29).rate(60).syntheticSymbols(Exchange.BINANCE, SYMBOLS));

    @Test
    void sessionsPassToANewSocketWithoutALoss(@TempDir Path dir) throws Exception {
        Exchange b = Exchange.BINANCE;
        List<String> symbols = sim.simulator().symbols(b);
        assertThat(symbols).hasSize(SYMBOLS);
        String first = symbols.get(0);
        String last = symbols.get(SYMBOLS - 1);
        String asked = String.join(",", symbols.stream().map(x -> "binance:" + x).toList());
        Recording rec = Recording.run(sim.simulator(), dir, asked, Map.of("WS_MAX_SESSION_S", "4", "SNAPSHOT_LIMIT", "100", "WS_NO_DATA_WARN_S", "10"), r -> {
            r.awaitSynced(b, last);
            r.await(b, first, Recording.type("ws_handover"), 2, "three handovers at the session limit");
            long before = r.count(b, first, Recording.type("ws_handover"));
            r.sim.inject(FaultSpec.info(b, 0)); // serverShutdown: handed over at once, ahead of the session limit
            r.await(b, first, x -> x.get("type").equals("ws_handover") && x.get("details").contains("serverShutdown"), 0,
                    "a handover after serverShutdown");
            assertThat(r.count(b, first, Recording.type("ws_handover"))).isGreaterThan(before);
            r.stopAndCheckFinalBook(b, first, 20);
        });
        for (String symbol : symbols) {
            List<CSVRecord> ledger = rec.ledger(b, symbol);
            assertThat(ledger).filteredOn(Recording.type("ws_handover")).as(symbol + " handovers").hasSizeGreaterThanOrEqualTo(4)
                    .allSatisfy(x -> assertThat(x.get("state")).isEqualTo("SYNCED"));
            assertThat(ledger).filteredOn(x -> x.get("type").equals("snapshot") && x.get("details").contains("\"source\":\"rest\""))
                    .as(symbol + ": the first REST snapshot only").hasSize(1);
            assertThat(ledger).filteredOn(x -> List.of("ws_close", "ws_error", "reconnect", "resync_start", "duplicate").contains(x.get("type")))
                    .extracting(x -> x.get("type") + " " + x.get("details")).as(symbol + ": nothing but handovers").isEmpty();
            assertThat(ledger).extracting(x -> x.get("epoch")).as(symbol + " epochs").containsOnly("1");
            assertThat(rec.gaps(b, symbol)).as(symbol + " gap rows").isEmpty();
            assertDiffsContinue(rec, symbol);
            assertTradeIdsContinue(rec, symbol);
        }
        rec.assertReplays(SYMBOLS);
    }

    @Test
    void aSuccessorThatCannotConnectFallsBackToAReconnect(@TempDir Path dir) throws Exception {
        Exchange b = Exchange.BINANCE;
        String symbol = sim.simulator().symbols(b).get(0);
        Recording rec = Recording.run(sim.simulator(), dir, "binance:" + symbol, Map.of("WS_MAX_SESSION_S", "3", "WS_OPEN_TIMEOUT_S", "1"), r -> {
            r.awaitSynced(b, symbol);
            r.sim.inject(FaultSpec.refuseConnections(b, Duration.ofSeconds(6)));
            r.await(b, symbol, x -> x.get("type").equals("ws_close") && x.get("details").contains("handover abandoned"), 0,
                    "a reconnect after the handover was abandoned");
            r.awaitSynced(b, symbol);
            r.stopAndCheckFinalBook(b, symbol, 20);
        });
        assertThat(rec.gaps(b, symbol)).extracting(x -> x.get("kind")).as("the reconnect's loss").contains("disconnect");
        rec.assertReplays(1);
    }

    /** Every recorded diff continues the one before it ({@code U} = previous {@code u} + 1): none lost, none twice. */
    private static void assertDiffsContinue(Recording rec, String symbol) throws Exception {
        Path day = RecorderSimulatorITCase.dayDir(rec.data, Exchange.BINANCE, symbol);
        Path diffs;
        try (var s = Files.list(day.resolve("diffs"))) {
            diffs = s.filter(p -> p.getFileName().toString().startsWith("depth_diffs_")).findFirst().orElseThrow();
        }
        long previous = Long.MIN_VALUE;
        int lines = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(diffs)), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                JsonNode d = JSON.readTree(line);
                if (previous != Long.MIN_VALUE) {
                    assertThat(d.get("U").asLong()).as(symbol + " diff " + lines + " continues u=" + previous).isEqualTo(previous + 1);
                }
                previous = d.get("u").asLong();
                lines++;
            }
        }
        assertThat(lines).as(symbol + " diffs").isGreaterThan(50);
    }

    /** The trade ids recorded are consecutive: none lost at a handover, none written twice. */
    private static void assertTradeIdsContinue(Recording rec, String symbol) throws Exception {
        List<CSVRecord> trades = rec.rowsOf(Exchange.BINANCE, symbol, "trades_ws_");
        assertThat(trades).as(symbol + " trades").hasSizeGreaterThan(10);
        for (int i = 1; i < trades.size(); i++) {
            assertThat(Long.parseLong(trades.get(i).get("trade_id"))).as(symbol + " trade " + i)
                    .isEqualTo(Long.parseLong(trades.get(i - 1).get("trade_id")) + 1);
        }
    }
}
