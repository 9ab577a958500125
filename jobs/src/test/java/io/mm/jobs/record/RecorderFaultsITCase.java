package io.mm.jobs.record;

import static io.mm.jobs.record.RecorderSimulatorITCase.dayDir;
import static io.mm.jobs.record.RecorderSimulatorITCase.file;
import static io.mm.jobs.record.RecorderSimulatorITCase.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.contract.SymbolFs;
import io.mm.core.config.Knobs;
import io.mm.simulator.Simulator;
import io.mm.simulator.TrueBook;
import io.mm.simulator.fault.FaultSpec;
import io.mm.simulator.junit.SimulatorExtension;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVRecord;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
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

    private Path data;
    private JobClient job;

    private void start(Simulator s, Path dir, String symbols) throws Exception {
        Map<String, String> env = RecorderSimulatorITCase.environment(s, dir);
        env.put("SYMBOL", symbols);
        env.put("WS_NO_DATA_WARN_S", "2");
        env.put("WS_RECONNECT_BACKOFF_S", "0.2");
        env.put("WS_RECONNECT_BACKOFF_MAX_S", "1");
        data = dir.resolve("data");
        job = RecorderSimulatorITCase.start(RecorderConfig.from(new Knobs(env), RecorderConfig.newRunId(), System.currentTimeMillis()));
    }

    private List<CSVRecord> ledger(Exchange e, String symbol) {
        try {
            return rows(file(dayDir(data, e, symbol), "events_"));
        } catch (IOException | AssertionError x) {
            return List.of();
        }
    }

    private List<CSVRecord> gaps(Exchange e, String symbol) throws IOException {
        Path day = dayDir(data, e, symbol);
        Path g = day.resolve("gaps_" + SymbolFs.of(e, symbol) + "_" + day.getFileName() + ".csv.gz");
        return Files.exists(g) ? rows(g) : List.of();
    }

    private long count(Exchange e, String symbol, Predicate<CSVRecord> p) {
        return ledger(e, symbol).stream().filter(p).count();
    }

    private static Predicate<CSVRecord> type(String t) {
        return r -> r.get("type").equals(t);
    }

    /** Waits until the committed ledger holds more rows matching {@code p} than {@code before}. */
    private void await(Exchange e, String symbol, Predicate<CSVRecord> p, long before, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (count(e, symbol, p) > before) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(symbol + ": no " + what + " in the ledger within 60 s; ledger: "
                + ledger(e, symbol).stream().map(r -> r.get("type") + " " + r.get("details")).toList() + "; simulator faults: "
                + sim.simulator().faultLog() + "; stats: " + sim.simulator().stats().toJson());
    }

    private void awaitSynced(Exchange e, String symbol) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            List<CSVRecord> l = ledger(e, symbol);
            if (!l.isEmpty() && l.get(l.size() - 1).get("state").equals("SYNCED")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(symbol + " not SYNCED again within 60 s");
    }

    /** Injects a fault, then waits for its ledger entry and for the book to be SYNCED again. */
    private void fault(Exchange e, String symbol, FaultSpec f, Predicate<CSVRecord> expected, String what) throws Exception {
        awaitSynced(e, symbol);
        long before = count(e, symbol, expected);
        sim.simulator().inject(f);
        await(e, symbol, expected, before, what);
        awaitSynced(e, symbol);
    }

    private void stopAndCheckFinalBook(Exchange e, String symbol, int levels, Path dir) throws Exception {
        Simulator s = sim.simulator();
        Thread.sleep(1500);
        s.pause();
        Thread.sleep(2000);
        TrueBook truth = s.trueBook(e, symbol, levels);
        job.stopWithSavepoint(true, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
        job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        List<CSVRecord> frames = rows(file(dayDir(data, e, symbol), "orderbook_ws_depth_"));
        CSVRecord last = frames.get(frames.size() - 1);
        for (int i = 1; i <= levels; i++) {
            assertThat(new BigDecimal(last.get("bid_px_" + i))).as(symbol + " bid_px_" + i).isEqualByComparingTo(truth.bids().get(i - 1).price());
            assertThat(new BigDecimal(last.get("ask_qty_" + i))).as(symbol + " ask_qty_" + i).isEqualByComparingTo(truth.asks().get(i - 1).qty());
        }
        List<CSVRecord> l = ledger(e, symbol);
        assertThat(l.get(l.size() - 1).get("type")).isEqualTo("run_end");
    }

    /**
     * The days the faults left replay through the validator: every frame rebuilt, every sequence or checksum gap
     * the replay finds is a recorded one and the other way round; the report says GAPS (exit code 1).
     */
    private void assertReplays() throws Exception {
        List<Path> days = io.mm.validator.ValidatorJob.findDays(data);
        assertThat(days).hasSize(2);
        for (io.mm.validator.DayReport r : io.mm.validator.ValidatorJob.run(days, 2)) {
            assertThat(r.framesEqual()).as(r.summary()).isTrue();
            assertThat(r.gapMismatches()).as(r.summary()).isEmpty();
            if (!r.gapsRecorded().isEmpty()) {
                assertThat(r.status()).as(r.summary()).isEqualTo(io.mm.validator.DayReport.Status.GAPS);
                assertThat(r.exitCode()).isEqualTo(1);
            }
        }
    }

    private interface Scenario {
        void run(Simulator s) throws Exception;
    }

    /** Records {@code symbols} while {@code scenario} injects faults; the job is cancelled if it fails, the market resumed. */
    private void recording(Path dir, String symbols, Scenario scenario) throws Exception {
        Simulator s = sim.simulator();
        start(s, dir, symbols);
        try {
            scenario.run(s);
        } catch (Exception | AssertionError e) {
            job.cancel();
            throw e;
        } finally {
            s.resume();
        }
    }

    @Test
    void binanceUpdateConnectionAndRestFaults(@TempDir Path dir) throws Exception {
        Exchange b = Exchange.BINANCE;
        recording(dir, "binance:BTCUSDT,binance:ETHUSDT", s -> {
            awaitSynced(b, "ETHUSDT");
            // a dropped event: a sequence gap, a resync whose first snapshot meets a 429 and waits for Retry-After
            s.inject(FaultSpec.rest429(b, 1, 1));
            fault(b, "BTCUSDT", FaultSpec.drop(b, "BTCUSDT", 1), type("resync_done"), "resync after a drop and a 429");
            // a duplicated event: recorded, nothing lost
            fault(b, "BTCUSDT", FaultSpec.duplicate(b, "BTCUSDT", 1), type("duplicate"), "duplicate");
            // a reordered event: a gap; the resync meets a 5xx, then a 418 ban
            s.inject(FaultSpec.rest5xx(b, 1, 503));
            s.inject(FaultSpec.rest418(b, 1, 1));
            fault(b, "BTCUSDT", FaultSpec.reorder(b, "BTCUSDT", 1), r -> r.get("type").equals("resync_done"), "resync after a reorder");
            // a malformed frame: recorded on every symbol of the connection
            fault(b, "BTCUSDT", FaultSpec.malformed(b), type("malformed"), "malformed");
            // a disconnect: reconnect, a disconnect gap, a fresh sync
            fault(b, "BTCUSDT", FaultSpec.closeSockets(b), type("reconnect"), "reconnect after a close");
            // a stall: detected after WS_NO_DATA_WARN_S, then a reconnect
            fault(b, "BTCUSDT", FaultSpec.stall(b, Duration.ofSeconds(4)), type("stall"), "stall");
            // a REST answer that never comes: the fetch times out and is tried again
            s.inject(FaultSpec.restTimeout(b, 1));
            fault(b, "BTCUSDT", FaultSpec.drop(b, "BTCUSDT", 1), r -> r.get("type").equals("warning") && r.get("details").contains("REST snapshot failed")
                    && (r.get("details").contains("timeout") || r.get("details").contains("timed out")), "REST timeout");
            stopAndCheckFinalBook(b, "BTCUSDT", 20, dir);
        });
        List<CSVRecord> g = gaps(b, "BTCUSDT");
        assertThat(g.stream().filter(r -> r.get("kind").equals("sequence")).count()).as("sequence gaps").isGreaterThanOrEqualTo(3);
        assertThat(g.stream().filter(r -> r.get("kind").equals("disconnect")).count()).as("disconnect gaps").isGreaterThanOrEqualTo(1);
        assertThat(g.stream().anyMatch(r -> r.get("kind").equals("stall"))).as("stall gap").isTrue();
        List<CSVRecord> l = ledger(b, "BTCUSDT");
        assertThat(l.stream().filter(type("warning")).map(r -> r.get("details")).toList())
                .anySatisfy(d -> assertThat(d).contains("429"))
                .anySatisfy(d -> assertThat(d).contains("503"))
                .anySatisfy(d -> assertThat(d).contains("418"));
        // ETHUSDT shared the connection: its book never broke on BTCUSDT's update faults
        assertThat(gaps(b, "ETHUSDT").stream().filter(r -> r.get("kind").equals("sequence"))).isEmpty();
        assertReplays();
    }

    @Test
    void krakenChecksumFaultsAndSessionLimits(@TempDir Path dir) throws Exception {
        Exchange k = Exchange.KRAKEN;
        recording(dir, "kraken:BTC/USD,kraken:ETH/USD", s -> {
            fault(k, "BTC/USD", FaultSpec.corruptChecksum(k, "BTC/USD", 1), type("checksum_mismatch"), "checksum mismatch");
            fault(k, "BTC/USD", FaultSpec.drop(k, "BTC/USD", 3), r -> r.get("type").equals("checksum_mismatch"), "mismatch after drops");
            fault(k, "BTC/USD", FaultSpec.sessionLimit(k, Duration.ofSeconds(3)), type("reconnect"), "reconnect after the session limit");
            s.inject(FaultSpec.sessionLimit(k, Duration.ofDays(1))); // lift it
            fault(k, "BTC/USD", FaultSpec.malformed(k), type("malformed"), "malformed");
            stopAndCheckFinalBook(k, "BTC/USD", 10, dir);
        });
        List<CSVRecord> g = gaps(k, "BTC/USD");
        assertThat(g.stream().filter(r -> r.get("kind").equals("checksum")).count()).isGreaterThanOrEqualTo(2);
        assertThat(g.stream().anyMatch(r -> r.get("kind").equals("disconnect"))).isTrue();
        assertThat(gaps(k, "ETH/USD").stream().filter(r -> r.get("kind").equals("checksum"))).isEmpty();
        assertReplays();
    }

    @Test
    void bitfinexDropCorruptAndRestart(@TempDir Path dir) throws Exception {
        Exchange f = Exchange.BITFINEX;
        recording(dir, "bitfinex:tBTCUSD,bitfinex:tXRPBTC", s -> {
            fault(f, "tBTCUSD", FaultSpec.corruptChecksum(f, "tBTCUSD", 1), type("checksum_mismatch"), "checksum mismatch");
            fault(f, "tBTCUSD", FaultSpec.drop(f, "tBTCUSD", 3), type("checksum_mismatch"), "checksum mismatch after drops");
            fault(f, "tBTCUSD", FaultSpec.info(f, 20051), type("reconnect"), "reconnect on info 20051");
            stopAndCheckFinalBook(f, "tBTCUSD", 20, dir);
        });
        assertThat(gaps(f, "tBTCUSD").stream().filter(r -> r.get("kind").equals("checksum")).count()).isGreaterThanOrEqualTo(1);
        assertThat(ledger(f, "tBTCUSD").stream().filter(type("exchange_info")).map(r -> r.get("details")).toList())
                .anySatisfy(d -> assertThat(d).contains("20051"));
        assertReplays();
    }
}
