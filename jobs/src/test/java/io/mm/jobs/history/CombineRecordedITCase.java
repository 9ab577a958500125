package io.mm.jobs.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.clock.RecorderClock;
import io.mm.core.config.SettingsReader;
import io.mm.core.contract.SymbolFs;
import io.mm.core.candle.Candle;
import io.mm.core.candle.HistoryFiles;
import io.mm.core.candle.Interval;
import io.mm.history.cli.CombineCommand;
import io.mm.history.cli.SmokeCommand;
import io.mm.history.cli.SmokeGapCommand;
import io.mm.history.fetch.HistoryClient;
import io.mm.history.fetch.HistoryHttp;
import io.mm.jobs.record.RecordJobSettings;
import io.mm.jobs.record.RecorderJob;
import io.mm.simulator.Simulator;
import io.mm.simulator.fault.FaultSpec;
import io.mm.rest.RestEndpoints;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The history commands over a real recording: the recorder job records the simulator's three exchanges for two
 * minutes of a clock driven at twice real speed (a minute boundary twenty real seconds after the start, time enough
 * for every subscription to be acknowledged before it also on a busy machine, and the Binance socket closed once
 * near the end), then {@code combine}, {@code smoke} and {@code smoke-gap} run over what it wrote.
 * Candles built from the recorded trades must equal the simulator's REST candles; an altered trade must show as
 * a mismatch naming its interval; the disconnect must show as missing intervals explained by the ledger.
 */
class CombineRecordedITCase {
    static final long T10 = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
    static final long ANCHOR = System.currentTimeMillis();
    static final String CLOCK_SPEC = "start=2026-12-01T09:59:20Z,speed=2,anchor=" + ANCHOR;
    static final RecorderClock CLOCK = RecorderClock.parse(CLOCK_SPEC, ANCHOR);
    static final long CLOSE_AT = T10 + 65_000;

    @TempDir
    static Path dir;
    static Simulator sim;
    static Path data;

    static long now() {
        return Math.floorDiv(CLOCK.nowMicros(), 1000);
    }

    @BeforeAll
    static void recordTwoClockMinutes() throws Exception {
        sim = Simulator.builder().seed(21).rate(100).clock(CLOCK).symbols(Exchange.BINANCE, List.of("BTCUSDT"))
                .symbols(Exchange.KRAKEN, List.of("BTC/USD")).symbols(Exchange.BITFINEX, List.of("tBTCUSD")).build().start();
        data = dir.resolve("data");
        Map<String, String> env = env();
        env.put("SYMBOL", "binance:BTCUSDT,kraken:BTC/USD,bitfinex:tBTCUSD");
        env.put("BUFFER_FLUSH_INTERVAL_SEC", "1");
        env.put("PARALLELISM", "2");
        env.put("SINK_FSYNC", "0");
        env.put("LIVE_STREAM", "0");
        RecordJobSettings c = RecordJobSettings.from(new SettingsReader(env), RecordJobSettings.newRunId(), ANCHOR);
        StreamExecutionEnvironment flink = StreamExecutionEnvironment.createLocalEnvironment(RecorderJob.flinkConfiguration(c));
        flink.setParallelism(c.parallelism);
        RecorderJob.build(flink, c);
        JobClient job = flink.executeAsync("recorder for history");
        try {
            boolean closed = false;
            while (now() < T10 + 80_000) {
                if (!closed && now() >= CLOSE_AT) {
                    sim.inject(FaultSpec.closeSockets(Exchange.BINANCE));
                    closed = true;
                }
                Thread.sleep(100);
            }
            job.stopWithSavepoint(true, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
            job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        } catch (Exception | AssertionError e) {
            job.cancel();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>(sim.urls().environment());
        env.put("DATA_DIR", dir.resolve("data").toString());
        env.put("MM_CLOCK", CLOCK_SPEC);
        env.put("KRAKEN_REST_SPACING_MS", "0");
        env.put("BITFINEX_REST_SPACING_MS", "0");
        return env;
    }

    record Run(int exit, String out, String err) {}

    static Run run(Callable<Integer> command, String... args) {
        CommandLine cl = new CommandLine(command);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static List<CSVRecord> rows(Path gz) throws IOException {
        try (Reader r = new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8)) {
            return new ArrayList<>(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords());
        }
    }

    static List<Candle> exchangeCandles(Exchange e, String symbol, Interval iv, long from, long to) throws IOException {
        RestEndpoints urls = new RestEndpoints(sim.urls().binanceRest(), sim.urls().krakenRest(), sim.urls().bitfinexRest());
        try (HistoryHttp http = new HistoryHttp(new HistoryHttp.Limits(6000, 0, 0, 3, 20, 5000, 10_000))) {
            List<Candle> out = new ArrayList<>();
            HistoryClient.of(e, urls, http, CombineRecordedITCase::now, false).candles(symbol, iv, from, to, out::add);
            return out;
        }
    }

    @Test
    void theMinuteRecordedInFullIsLocalAndEqualsTheExchangesCandleOnAllThreeExchanges() throws IOException {
        for (var e : Map.of(Exchange.BINANCE, "BTCUSDT", Exchange.KRAKEN, "BTC/USD", Exchange.BITFINEX, "tBTCUSD").entrySet()) {
            Run r = run(new CombineCommand(env()), "--exchange", e.getKey().id(), "--symbol", e.getValue(), "--interval", "1m", "--start-ms",
                    Long.toString(T10), "--end-ms", Long.toString(T10 + 60_000));
            assertThat(r.exit()).as(e + ": " + r.out() + r.err()).isZero();
            Interval m1 = Interval.parse("1m");
            List<CSVRecord> combined = rows(HistoryFiles.combined(data, e.getKey(), e.getValue(), m1, T10, T10 + 60_000));
            assertThat(combined).as(e.toString()).singleElement().satisfies(c -> assertThat(c.get("source")).isEqualTo("local"));
            Candle x = exchangeCandles(e.getKey(), e.getValue(), m1, T10, T10 + 60_000).get(0);
            CSVRecord l = combined.get(0);
            assertThat(new BigDecimal(l.get("open"))).as(e + " open").isEqualByComparingTo(x.open());
            assertThat(new BigDecimal(l.get("high"))).as(e + " high").isEqualByComparingTo(x.high());
            assertThat(new BigDecimal(l.get("low"))).as(e + " low").isEqualByComparingTo(x.low());
            assertThat(new BigDecimal(l.get("close"))).as(e + " close").isEqualByComparingTo(x.close());
            assertThat(new BigDecimal(l.get("volume"))).as(e + " volume").isEqualByComparingTo(x.volume()).isPositive();
            if (x.trades() >= 0) {
                assertThat(Long.parseLong(l.get("trades"))).as(e + " trades").isEqualTo(x.trades());
            }
            assertThat(rows(HistoryFiles.mismatches(data, e.getKey(), e.getValue(), m1, T10, T10 + 60_000))).isEmpty();
        }
    }

    @Test
    void aRangeReachingPastTheIntervalStillOpenIsCombinedUpToIt() throws IOException {
        Interval m1 = Interval.parse("1m");
        Path copy = dir.resolve("open");
        copyTree(data, copy);
        Path history = HistoryFiles.dir(copy, Exchange.BINANCE, "BTCUSDT");
        if (Files.exists(history)) {
            try (Stream<Path> s = Files.walk(history)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p); // what other tests combined
                }
            }
        }
        Map<String, String> env = env();
        env.put("DATA_DIR", copy.toString());
        long before = m1.floor(now());
        Run r = run(new CombineCommand(env), "--symbol", "BTCUSDT", "--interval", "1m", "--start-ms", Long.toString(T10), "--end-ms",
                "2026-12-02T10:00:00Z");
        long after = m1.floor(now());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        List<Path> files;
        try (Stream<Path> s = Files.list(history)) {
            files = s.toList();
        }
        // the exchange's candles, the combined ones and the mismatch report: each ends where the minute still open starts
        assertThat(files).extracting(f -> f.getFileName().toString().replaceAll("_\\d+\\.csv\\.gz", ""))
                .containsExactlyInAnyOrder("candles_1m_" + T10, "combined_1m_" + T10, "mismatches_1m_" + T10);
        assertThat(files).allSatisfy(f -> assertThat(Long.parseLong(f.getFileName().toString().replaceAll(".*_(\\d+)\\.csv\\.gz", "$1")))
                .isBetween(before, after));
        assertThat(r.err()).contains("combining up to ").contains(", where the 1m interval still open starts, not to 2026-12-02T10:00:00Z");
    }

    @Test
    void everySecondTheRecorderListenedToIsLocalAndAgreesWithBinancesOneSecondKlines() {
        Run r = run(new SmokeCommand(env()), "--symbol", "BTCUSDT", "--interval", "1s");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("OK: local candles agree with the exchange").contains(" 0 mismatching field(s)");
        // about 115 recorded seconds, less the start, the end and the reconnect: most of them local
        long local = Long.parseLong(r.out().replaceAll("(?s).*candles \\((\\d+) local.*", "$1"));
        assertThat(local).as(r.out()).isGreaterThan(60);
    }

    @Test
    void smokeOverEveryRecordedSymbolNamesWhyAnUnreachableExchangeCouldNotBeChecked() throws IOException {
        Map<String, String> env = env();
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            env.put("KRAKEN_REST_URL", "http://127.0.0.1:" + closed.getLocalPort()); // closed below: nothing listens there
        }
        env.put("HISTORY_MAX_RETRIES", "1");
        env.put("HISTORY_BACKOFF_MS", "1");
        Path copy = dir.resolve("unreachable");
        copyTree(data, copy);
        Files.createDirectories(copy.resolve("kraken/ETHUSD/20261201")); // a second Kraken symbol, after BTC/USD
        env.put("DATA_DIR", copy.toString());
        Run r = run(new SmokeCommand(env), "--interval", "1m");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out()).contains("4 symbol(s):").contains("binance BTCUSDT: agree").contains("bitfinex tBTCUSD: agree")
                .containsPattern("kraken BTC/USD: UNUSABLE \\(kraken: giving up on http://127\\.0\\.0\\.1:\\d+/.* ConnectException")
                .contains("kraken ETHUSD: UNUSABLE (skipped: kraken could not be reached (kraken: giving up on http://127.0.0.1:");
        assertThat(r.err()).doesNotContain("ETHUSD"); // not asked again
    }

    @Test
    void anAlteredTradeIsAMismatchNamingItsSecond() throws IOException {
        Path copy = dir.resolve("altered");
        copyTree(data, copy);
        Path day = copy.resolve("binance").resolve(SymbolFs.of(Exchange.BINANCE, "BTCUSDT")).resolve("20261201");
        Path trades = day.resolve("trades_ws_BTCUSDT_20261201.csv.gz");
        List<String> lines = lines(trades);
        long target = T10 + 30_000;
        int changed = -1;
        for (int i = 1; i < lines.size() && changed < 0; i++) {
            String[] f = lines.get(i).split(",", -1);
            long ts = Long.parseLong(f[3]) / 1000;
            if (ts >= target) {
                f[5] = new BigDecimal(f[5]).multiply(new BigDecimal("1.5")).toPlainString();
                lines.set(i, String.join(",", f));
                changed = i;
                target = ts - ts % 1000;
            }
        }
        assertThat(changed).isPositive();
        write(trades, lines);
        Map<String, String> env = env();
        env.put("DATA_DIR", copy.toString());
        Run r = run(new CombineCommand(env), "--symbol", "BTCUSDT", "--interval", "1s");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        Path report;
        try (Stream<Path> s = Files.list(HistoryFiles.dir(copy, Exchange.BINANCE, "BTCUSDT"))) {
            report = s.filter(p -> p.getFileName().toString().startsWith("mismatches_1s_")).findFirst().orElseThrow();
        }
        List<CSVRecord> m = rows(report);
        assertThat(m).isNotEmpty();
        long at = target;
        assertThat(m).allSatisfy(x -> assertThat(Long.parseLong(x.get("open_time_ms"))).isEqualTo(at));
        assertThat(m).extracting(x -> x.get("field")).contains("high");
        assertThat(m.get(0).get("open_time")).isEqualTo(Instant.ofEpochMilli(at).toString());
    }

    @Test
    void smokeGapListsTheDisconnectAndTheEdgesOfTheRecordingWithTheLedgersReasons() {
        Run r = run(new SmokeGapCommand(env()), "--symbol", "BTCUSDT", "--interval", "1s", "--start-ms", Long.toString(T10 + 55_000),
                "--end-ms", Long.toString(T10 + 78_000));
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        String close = Instant.ofEpochMilli(CLOSE_AT).toString().substring(0, 17); // 2026-12-01T10:01:0
        assertThat(r.out()).contains("MISSING " + close).contains("event").containsAnyOf("ws_close", "ws_error").contains("ws_open")
                .contains("gap row").contains("\"stream\":\"trades\"")
                .contains("the recorder was not listening for all of it");

        Run k = run(new SmokeGapCommand(env()), "--exchange", "kraken", "--symbol", "BTC/USD", "--interval", "1m", "--start-ms",
                Long.toString(T10 - 60_000), "--end-ms", Long.toString(T10 + 120_000));
        assertThat(k.exit()).as(k.out() + k.err()).isEqualTo(1);
        // the minute the recording began in is partial; 10:01 is still open on the exchange's clock, so not compared
        assertThat(k.out()).contains("MISSING 2026-12-01T09:59:00Z .. 2026-12-01T10:00:00Z: 1 x 1m (1 recorded in part); the recording began inside it")
                .contains("subscribed {\"channel\":\"trade\"}").doesNotContain("MISSING 2026-12-01T10:00:00Z");

        Run b = run(new SmokeGapCommand(env()), "--exchange", "bitfinex", "--symbol", "tBTCUSD", "--interval", "1m", "--start-ms",
                Long.toString(T10), "--end-ms", Long.toString(T10 + 60_000));
        assertThat(b.exit()).as(b.out() + b.err()).isZero();
        assertThat(b.out()).contains("OK: the recording has every interval the exchange has");
    }

    @Test
    void unusableInputIsExitTwoNamingTheFile() throws IOException {
        Path copy = dir.resolve("truncated");
        copyTree(data, copy);
        Path trades = copy.resolve("kraken").resolve(SymbolFs.of(Exchange.KRAKEN, "BTC/USD")).resolve("20261201")
                .resolve("trades_ws_" + SymbolFs.of(Exchange.KRAKEN, "BTC/USD") + "_20261201.csv.gz");
        byte[] b = Files.readAllBytes(trades);
        // cut inside the deflate data of a member from the middle of the file (its 10-byte header read), so the minutes
        // combined reach it: a cut at a member boundary would leave a shorter but valid gzip stream, which no reader can
        // tell from a complete one
        int member = b.length / 2;
        while (!(b[member] == 0x1f && b[member + 1] == (byte) 0x8b && b[member + 2] == 8)) {
            member++;
        }
        Files.write(trades, java.util.Arrays.copyOf(b, member + 20));
        Map<String, String> env = env();
        env.put("DATA_DIR", copy.toString());
        Run r = run(new CombineCommand(env), "--exchange", "kraken", "--symbol", "BTC/USD");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains(trades.getFileName().toString()).contains("truncated gzip");

        Run none = run(new CombineCommand(env()), "--symbol", "ETHUSDT");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("no recordings of binance ETHUSDT");
    }

    static List<String> lines(Path gz) throws IOException {
        try (var in = new java.io.BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
            return new ArrayList<>(in.lines().toList());
        }
    }

    static void write(Path gz, List<String> lines) throws IOException {
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(gz)), StandardCharsets.UTF_8)) {
            for (String l : lines) {
                w.write(l);
                w.write('\n');
            }
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
