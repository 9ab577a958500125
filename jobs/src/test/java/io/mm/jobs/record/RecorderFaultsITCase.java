package io.mm.jobs.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.recorded.Coverage;
import io.mm.core.recorded.RecordedSymbol;
import io.mm.simulator.Simulator;
import io.mm.simulator.fault.FaultKind;
import io.mm.simulator.fault.FaultRecord;
import io.mm.simulator.fault.FaultSpec;
import io.mm.simulator.junit.SimulatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fault the simulator injects, against the recorder job on a MiniCluster: each ends in a ledger entry,
 * a gap row where data was lost, and a re-synced book whose last frame equals the simulator's truth. A
 * second symbol on the same connection is never disturbed by the first one's update faults.
 */
class RecorderFaultsITCase {
    @RegisterExtension
    final SimulatorExtension sim = SimulatorExtension.with(b -> b.seed(17).rate(100));

    @Test
    void binanceUpdateConnectionAndRestFaults(@TempDir Path dir) throws Exception {
        Exchange b = Exchange.BINANCE;
        Recording rec = Recording.run(sim.simulator(), dir, "binance:BTCUSDT,binance:ETHUSDT", Map.of(), r -> {
            Simulator s = r.sim;
            r.awaitSynced(b, "ETHUSDT");
            // a trade lost inside the connection: a sequence gap naming its id
            r.fault(b, "BTCUSDT", FaultSpec.tradeDrop(b, "BTCUSDT", 1), TRADE_ID_HOLE, "a trade id hole");
            // a dropped event: a sequence gap, a resync whose first snapshot meets a 429 and waits for Retry-After
            s.inject(FaultSpec.rest429(b, 1, 1));
            r.fault(b, "BTCUSDT", FaultSpec.drop(b, "BTCUSDT", 1), Recording.type("resync_done"), "resync after a drop and a 429");
            // a duplicated event: recorded, nothing lost
            r.fault(b, "BTCUSDT", FaultSpec.duplicate(b, "BTCUSDT", 1), Recording.type("duplicate"), "duplicate");
            // a reordered event: a gap; the resync meets a 5xx, then a 418 ban
            s.inject(FaultSpec.rest5xx(b, 1, 503));
            s.inject(FaultSpec.rest418(b, 1, 1));
            r.fault(b, "BTCUSDT", FaultSpec.reorder(b, "BTCUSDT", 1), x -> x.get("type").equals("resync_done"), "resync after a reorder");
            // a malformed frame: recorded on every symbol of the connection
            r.fault(b, "BTCUSDT", FaultSpec.malformed(b), Recording.type("malformed"), "malformed");
            // a disconnect: reconnect, a disconnect gap, a fresh sync
            r.fault(b, "BTCUSDT", FaultSpec.closeSockets(b), Recording.type("reconnect"), "reconnect after a close");
            // a stall: detected after WS_NO_DATA_WARN_S, then a reconnect
            r.fault(b, "BTCUSDT", FaultSpec.stall(b, Duration.ofSeconds(4)), Recording.type("stall"), "stall");
            // a REST answer that never comes: the fetch times out and is tried again
            s.inject(FaultSpec.restTimeout(b, 1));
            r.fault(b, "BTCUSDT", FaultSpec.drop(b, "BTCUSDT", 1), x -> x.get("type").equals("warning") && x.get("details").contains("REST snapshot failed")
                    && (x.get("details").contains("timeout") || x.get("details").contains("timed out")), "REST timeout");
            r.stopAndCheckFinalBook(b, "BTCUSDT", 20);
        });
        List<CSVRecord> g = rec.gaps(b, "BTCUSDT");
        assertTheLostTradeIsAGapRowAndMissing(rec, b, "BTCUSDT");
        assertThat(g.stream().filter(x -> x.get("kind").equals("sequence")).count()).as("sequence gaps").isGreaterThanOrEqualTo(3);
        assertThat(g.stream().filter(x -> x.get("kind").equals("disconnect")).count()).as("disconnect gaps").isGreaterThanOrEqualTo(1);
        assertThat(g.stream().anyMatch(x -> x.get("kind").equals("stall"))).as("stall gap").isTrue();
        assertEveryEpochHasItsResyncStart(rec.ledger(b, "BTCUSDT"));
        List<CSVRecord> l = rec.ledger(b, "BTCUSDT");
        assertThat(l.stream().filter(Recording.type("warning")).map(x -> x.get("details")).toList())
                .anySatisfy(d -> assertThat(d).contains("429"))
                .anySatisfy(d -> assertThat(d).contains("503"))
                .anySatisfy(d -> assertThat(d).contains("418"));
        // ETHUSDT shared the connection: its book never broke on BTCUSDT's update faults
        assertThat(rec.gaps(b, "ETHUSDT").stream().filter(x -> x.get("kind").equals("sequence"))).isEmpty();
        rec.assertReplays(2);
        rec.assertRebuiltFromTheFilesAlone();
    }

    @Test
    void aQuietBinanceMarketKeepsItsConnectionAndItsBook(@TempDir Path dir) throws Exception {
        Exchange b = Exchange.BINANCE;
        // silence taken as a stall after 2 s; pings answered every second
        Recording rec = Recording.run(sim.simulator(), dir, "binance:BTCUSDT", Map.of("WS_PING_INTERVAL_S", "1"), r -> {
            r.awaitSynced(b, "BTCUSDT");
            r.sim.pause(); // no book change, no trade: the connection carries nothing but the answers to its pings
            Thread.sleep(6_000);
            r.sim.resume();
            r.stopAndCheckFinalBook(b, "BTCUSDT", 20);
        });
        assertThat(rec.gaps(b, "BTCUSDT")).as("gap rows").isEmpty();
        List<CSVRecord> l = rec.ledger(b, "BTCUSDT");
        assertThat(l).extracting(x -> x.get("type")).as("the ledger").doesNotContain("stall", "reconnect", "resync_start")
                .containsOnlyOnce("snapshot");
        rec.assertReplays(1);
    }

    @Test
    void krakenChecksumFaultsAndSessionLimits(@TempDir Path dir) throws Exception {
        Exchange k = Exchange.KRAKEN;
        Recording rec = Recording.run(sim.simulator(), dir, "kraken:BTC/USD,kraken:ETH/USD", Map.of(), r -> {
            Simulator s = r.sim;
            // the resync's REST snapshot is answered late: updates received meanwhile are re-applied over it
            r.fault(k, "BTC/USD", FaultSpec.tradeDrop(k, "BTC/USD", 1), TRADE_ID_HOLE, "a trade id hole");
            s.inject(FaultSpec.restSlow(k, Duration.ofMillis(800), 1));
            r.fault(k, "BTC/USD", FaultSpec.corruptChecksum(k, "BTC/USD", 1), Recording.type("checksum_mismatch"), "checksum mismatch");
            r.fault(k, "BTC/USD", FaultSpec.drop(k, "BTC/USD", 3), x -> x.get("type").equals("checksum_mismatch"), "mismatch after drops");
            r.fault(k, "BTC/USD", FaultSpec.sessionLimit(k, Duration.ofSeconds(3)), Recording.type("reconnect"), "reconnect after the session limit");
            s.inject(FaultSpec.sessionLimit(k, Duration.ofDays(1))); // lift it
            r.fault(k, "BTC/USD", FaultSpec.malformed(k), Recording.type("malformed"), "malformed");
            r.stopAndCheckFinalBook(k, "BTC/USD", 10);
        });
        List<CSVRecord> g = rec.gaps(k, "BTC/USD");
        assertTheLostTradeIsAGapRowAndMissing(rec, k, "BTC/USD");
        assertThat(g.stream().filter(x -> x.get("kind").equals("checksum")).count()).isGreaterThanOrEqualTo(2);
        assertThat(g.stream().anyMatch(x -> x.get("kind").equals("disconnect"))).isTrue();
        assertThat(rec.gaps(k, "ETH/USD").stream().filter(x -> x.get("kind").equals("checksum"))).isEmpty();
        // the late snapshot's row names the recorded updates re-applied over it, and every epoch opens with resync_start
        assertThat(rec.ledger(k, "BTC/USD")).filteredOn(Recording.type("snapshot")).extracting(x -> x.get("details"))
                .anySatisfy(d -> assertThat(d).contains("\"source\":\"rest\"").contains("reapplied_first_recv_seq"));
        assertEveryEpochHasItsResyncStart(rec.ledger(k, "BTC/USD"));
        rec.assertReplays(2);
        rec.assertRebuiltFromTheFilesAlone();
    }

    static final Predicate<CSVRecord> TRADE_ID_HOLE = x -> x.get("type").equals("gap") && x.get("details").contains("\"stream\":\"trades\"");

    /**
     * The trade the simulator dropped is not in the trades file and is the one sequence gap row about trades; candles
     * built from the recorded trades do not trust the span it was lost in.
     */
    static void assertTheLostTradeIsAGapRowAndMissing(Recording rec, Exchange e, String symbol) throws Exception {
        long dropped = rec.sim.faultLog().stream().filter(f -> f.kind() == FaultKind.TRADE_DROP).map(FaultRecord::detail)
                .map(d -> Long.parseLong(d.replaceAll("^trade (\\d+) dropped$", "$1"))).findFirst().orElseThrow();
        assertThat(rec.gaps(e, symbol)).filteredOn(x -> x.get("kind").equals("sequence") && x.get("details").contains("\"stream\":\"trades\""))
                .singleElement().satisfies(x -> {
                    assertThat(x.get("expected")).isEqualTo(Long.toString(dropped));
                    assertThat(x.get("got")).isEqualTo(Long.toString(dropped + 1));
                    assertThat(x.get("details")).contains("\"lost_trades\":1", "\"trades\":\"possibly incomplete\"");
                    long atMs = Long.parseLong(x.get("ts_us")) / 1000;
                    long now = System.currentTimeMillis();
                    Coverage listened = Coverage.of(e, RecordedSymbol.read(rec.data, e, symbol, now - 86_400_000L, now).events(), 0);
                    assertThat(listened.covers(atMs - 1, atMs + 1)).isFalse();
                });
        assertThat(rec.rowsOf(e, symbol, "trades_ws_")).extracting(t -> Long.parseLong(t.get("trade_id")))
                .contains(dropped - 1, dropped + 1).doesNotContain(dropped);
    }

    /** Every epoch after the first opens with a resync_start row carrying it. */
    static void assertEveryEpochHasItsResyncStart(List<CSVRecord> ledger) {
        int epochs = ledger.stream().mapToInt(x -> Integer.parseInt(x.get("epoch"))).max().orElse(1);
        for (int e = 2; e <= epochs; e++) {
            String epoch = Integer.toString(e);
            assertThat(ledger).as("resync_start of epoch " + e).anySatisfy(x -> {
                assertThat(x.get("type")).isEqualTo("resync_start");
                assertThat(x.get("epoch")).isEqualTo(epoch);
            });
        }
    }

    @Test
    void bitfinexDropCorruptAndRestart(@TempDir Path dir) throws Exception {
        Exchange f = Exchange.BITFINEX;
        Recording rec = Recording.run(sim.simulator(), dir, "bitfinex:tBTCUSD,bitfinex:tXRPBTC", Map.of(), r -> {
            r.fault(f, "tBTCUSD", FaultSpec.corruptChecksum(f, "tBTCUSD", 1), Recording.type("checksum_mismatch"), "checksum mismatch");
            r.fault(f, "tBTCUSD", FaultSpec.drop(f, "tBTCUSD", 3), Recording.type("checksum_mismatch"), "checksum mismatch after drops");
            r.fault(f, "tBTCUSD", FaultSpec.info(f, 20051), Recording.type("reconnect"), "reconnect on info 20051");
            r.stopAndCheckFinalBook(f, "tBTCUSD", 20);
        });
        assertThat(rec.gaps(f, "tBTCUSD").stream().filter(x -> x.get("kind").equals("checksum")).count()).isGreaterThanOrEqualTo(1);
        assertEveryEpochHasItsResyncStart(rec.ledger(f, "tBTCUSD"));
        assertThat(rec.ledger(f, "tBTCUSD").stream().filter(Recording.type("exchange_info")).map(x -> x.get("details")).toList())
                .anySatisfy(d -> assertThat(d).contains("20051"));
        rec.assertReplays(2);
        rec.assertRebuiltFromTheFilesAlone();
    }
}
