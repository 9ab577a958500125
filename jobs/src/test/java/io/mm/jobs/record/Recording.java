package io.mm.jobs.record;

import static io.mm.jobs.record.RecorderSimulatorITCase.file;
import static io.mm.jobs.record.RecorderSimulatorITCase.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.config.SettingsReader;
import io.mm.core.contract.SymbolFs;
import io.mm.simulator.Simulator;
import io.mm.simulator.TrueBook;
import io.mm.simulator.fault.FaultSpec;
import io.mm.validator.DayReport;
import io.mm.validator.ValidatorJob;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVRecord;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;

/**
 * A recorder job on a MiniCluster against a simulator, watched through its committed files: the ledger, the gap
 * rows, the last book frame against the simulator's truth, and the replay of its days.
 */
public final class Recording {
    /** One symbol of each exchange, as most recorder tests record them. */
    public static final Map<Exchange, String> ONE_PER_EXCHANGE = Map.of(Exchange.BINANCE, "BTCUSDT", Exchange.KRAKEN, "BTC/USD",
            Exchange.BITFINEX, "tBTCUSD");
    /** {@link #ONE_PER_EXCHANGE} as {@code SYMBOL} names them. */
    public static final String ONE_PER_EXCHANGE_SYMBOLS = "binance:BTCUSDT,kraken:BTC/USD,bitfinex:tBTCUSD";

    public final Simulator sim;
    public final Path dir;
    public final Path data;
    public final JobClient job;

    private Recording(Simulator sim, Path dir, JobClient job) {
        this.sim = sim;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.job = job;
    }

    /**
     * Settings of a run on a clock that starts at {@code start} and runs four times as fast from {@code anchorMillis}, with
     * the trading window 00:02 to 00:00 the next day, UTC: a pause of two minutes after every midnight.
     */
    public static Map<String, String> pausedAfterMidnight(String start, long anchorMillis, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of("LIVE_STREAM", "1", "MM_CLOCK", clockSpec(start, anchorMillis), "WINDOW_TZ", "UTC",
                "WINDOW_START_HHMM", "00:02", "WINDOW_END_HHMM", "00:00", "WINDOW_END_DAY_OFFSET", "1"));
        env.putAll(more);
        return env;
    }

    /** The {@code MM_CLOCK} of {@link #pausedAfterMidnight}. */
    public static String clockSpec(String start, long anchorMillis) {
        return "start=" + start + ",speed=4,anchor=" + anchorMillis;
    }

    /** Records {@code symbols} (fast reconnects, stalls after 2 s), with {@code extra} settings on top. */
    public static Recording start(Simulator s, Path dir, String symbols, Map<String, String> extra) throws Exception {
        Map<String, String> env = RecorderSimulatorITCase.environment(s, dir);
        env.put("SYMBOL", symbols);
        env.put("WS_NO_DATA_WARN_S", "2");
        env.put("WS_RECONNECT_BACKOFF_S", "0.2");
        env.put("WS_RECONNECT_BACKOFF_MAX_S", "1");
        env.putAll(extra);
        return new Recording(s, dir, RecorderSimulatorITCase.start(RecordJobSettings.from(new SettingsReader(env), RecordJobSettings.newRunId(),
                System.currentTimeMillis())));
    }

    /** The symbol's latest day directory (the only one, mostly). */
    public Path latestDay(Exchange e, String symbol) throws IOException {
        try (java.util.stream.Stream<Path> days = Files.list(data.resolve(e.id()).resolve(SymbolFs.of(e, symbol)))) {
            return days.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .max(java.util.Comparator.naturalOrder()).orElseThrow(() -> new AssertionError("no day directory of " + symbol));
        }
    }

    /** The ledger of the symbol's latest day (empty while it has none). */
    public List<CSVRecord> ledger(Exchange e, String symbol) {
        try {
            return rows(file(latestDay(e, symbol), "events_"));
        } catch (IOException | AssertionError x) {
            return List.of();
        }
    }

    public List<CSVRecord> gaps(Exchange e, String symbol) throws IOException {
        Path day = latestDay(e, symbol);
        Path g = day.resolve("gaps_" + SymbolFs.of(e, symbol) + "_" + day.getFileName() + ".csv.gz");
        return Files.exists(g) ? rows(g) : List.of();
    }

    public List<CSVRecord> rowsOf(Exchange e, String symbol, String prefix) throws IOException {
        return rows(RecorderSimulatorITCase.file(latestDay(e, symbol), prefix));
    }

    public long count(Exchange e, String symbol, Predicate<CSVRecord> p) {
        return ledger(e, symbol).stream().filter(p).count();
    }

    public static Predicate<CSVRecord> type(String t) {
        return r -> r.get("type").equals(t);
    }

    /** Waits until the committed ledger holds more rows matching {@code p} than {@code before}. */
    public void await(Exchange e, String symbol, Predicate<CSVRecord> p, long before, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (count(e, symbol, p) > before) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(symbol + ": no " + what + " in the ledger within 60 s; ledger: "
                + ledger(e, symbol).stream().map(r -> r.get("type") + " " + r.get("details")).toList() + "; simulator faults: "
                + sim.faultLog() + "; stats: " + sim.stats().toJson());
    }

    public void awaitSynced(Exchange e, String symbol) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            List<CSVRecord> l = ledger(e, symbol);
            if (!l.isEmpty() && l.get(l.size() - 1).get("state").equals("SYNCED")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(symbol + " not SYNCED again within 60 s; ledger: "
                + ledger(e, symbol).stream().map(r -> r.get("type") + " " + r.get("state") + " " + r.get("details")).toList());
    }

    /** Injects a fault, then waits for its ledger entry and for the book to be SYNCED again. */
    public void fault(Exchange e, String symbol, FaultSpec f, Predicate<CSVRecord> expected, String what) throws Exception {
        awaitSynced(e, symbol);
        long before = count(e, symbol, expected);
        sim.inject(f);
        await(e, symbol, expected, before, what);
        awaitSynced(e, symbol);
    }

    /** Pauses the market, stops the job cleanly, and checks the last committed frame against the simulator's book. */
    public void stopAndCheckFinalBook(Exchange e, String symbol, int levels) throws Exception {
        stopAndCheckFinalBooks(Map.of(e, symbol), levels);
    }

    /** As {@link #stopAndCheckFinalBook}, for one symbol of each exchange in {@code symbols}. */
    public void stopAndCheckFinalBooks(Map<Exchange, String> symbols, int levels) throws Exception {
        Thread.sleep(1500);
        sim.pause();
        Thread.sleep(2000);
        Map<Exchange, TrueBook> truths = new java.util.EnumMap<>(Exchange.class);
        symbols.forEach((e, symbol) -> truths.put(e, sim.trueBook(e, symbol, levels)));
        job.stopWithSavepoint(true, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
        job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        for (Map.Entry<Exchange, String> s : symbols.entrySet()) {
            Exchange e = s.getKey();
            String symbol = s.getValue();
            TrueBook truth = truths.get(e);
            List<CSVRecord> frames = rowsOf(e, symbol, "orderbook_ws_depth_");
            CSVRecord last = frames.get(frames.size() - 1);
            for (int i = 1; i <= levels; i++) {
                assertThat(new BigDecimal(last.get("bid_px_" + i))).as(symbol + " bid_px_" + i).isEqualByComparingTo(truth.bids().get(i - 1).price());
                assertThat(new BigDecimal(last.get("ask_qty_" + i))).as(symbol + " ask_qty_" + i).isEqualByComparingTo(truth.asks().get(i - 1).qty());
            }
            List<CSVRecord> l = ledger(e, symbol);
            assertThat(l.get(l.size() - 1).get("type")).isEqualTo("run_end");
        }
    }

    /**
     * The days replay through the validator: every frame rebuilt, every sequence or checksum gap the replay finds is
     * a recorded one and the other way round; a day with gap rows is GAPS (exit code 1).
     */
    public List<DayReport> assertReplays(int days) throws Exception {
        return assertReplaysDays(data, days);
    }

    /** As {@link #assertReplays}, for the days under {@code data}. */
    public static List<DayReport> assertReplaysDays(Path data, int days) throws Exception {
        List<Path> found = ValidatorJob.findDays(data);
        assertThat(found).hasSize(days);
        List<DayReport> reports = ValidatorJob.run(found, 2);
        for (DayReport r : reports) {
            assertThat(r.framesEqual()).as(r.summary()).isTrue();
            assertThat(r.gapMismatches()).as(r.summary()).isEmpty();
            assertThat(r.findings()).as("every trades row is its raw message's trade, once: " + r.summary())
                    .noneMatch(f -> f.startsWith("trades_ws_") || f.startsWith("trades/"));
            assertThat(r.findings()).as("every snapshot's .csv is the book of its .json: " + r.summary())
                    .noneMatch(f -> f.startsWith("snapshots/"));
            if (!r.gapsRecorded().isEmpty()) {
                assertThat(r.status()).as(r.summary()).isEqualTo(DayReport.Status.GAPS);
                assertThat(r.exitCode()).isEqualTo(1);
            }
        }
        return reports;
    }

    /**
     * Every frame of every day rebuilt from the day's files alone by docs/examples/rebuild_frames.py (Python's
     * standard library, the contract's rules: snapshots, the updates a REST snapshot names as re-applied, diffs).
     */
    public void assertRebuiltFromTheFilesAlone() throws Exception {
        assertRebuiltFromTheFilesAlone(data);
    }

    public static void assertRebuiltFromTheFilesAlone(Path data) throws Exception {
        String python = io.mm.core.Python.require();
        Path script = java.nio.file.Paths.get("..", "docs", "examples", "rebuild_frames.py").toAbsolutePath().normalize();
        for (Path day : ValidatorJob.findDays(data)) {
            Process p = new ProcessBuilder(python, script.toString(), day.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("frames rebuilt from the files alone, all equal");
        }
    }

    public interface Scenario {
        void run(Recording r) throws Exception;
    }

    /** Runs {@code scenario} on a recording; the job is cancelled if it fails, the market resumed in any case. */
    public static Recording run(Simulator s, Path dir, String symbols, Map<String, String> extra, Scenario scenario) throws Exception {
        Recording r = start(s, dir, symbols, extra);
        try {
            scenario.run(r);
        } catch (Exception | AssertionError e) {
            r.job.cancel();
            throw e;
        } finally {
            s.resume();
        }
        return r;
    }
}
