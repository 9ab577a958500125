package io.mm.history;

import io.mm.core.candle.HistoryFiles;
import io.mm.core.candle.Interval;
import io.mm.core.candle.Candle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.Exchange;
import io.mm.core.clock.RecorderClock;
import io.mm.history.binance.BinanceHistory;
import io.mm.history.bitfinex.BitfinexHistory;
import io.mm.history.fetch.HistoryClient;
import io.mm.history.fetch.HistoryHttp;
import io.mm.history.kraken.KrakenHistory;
import io.mm.simulator.Simulator;
import io.mm.simulator.fault.FaultSpec;
import io.mm.simulator.junit.SimulatorExtension;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The REST history clients against the simulator over loopback. The simulator's clock runs 10,000 times faster
 * than the wall clock, then stops, so a few seconds give a day of sparse trades: many pages, Kraken's 720-candle
 * horizon, empty intervals. Each exchange's candles must equal the candles built from its own trades, paged.
 */
class HistoryFetchITCase {
    static final long START = 1_796_083_200_000L; // 2026-12-01T00:00:00Z
    /** A day goes by in seconds, then the exchanges' time stands still: what a test fetches cannot move under it. */
    static final RecorderClock CLOCK = new StoppingClock(RecorderClock.parse("start=2026-12-01T00:00:00Z,speed=10000",
            System.currentTimeMillis()), (START + 20 * 3_600_000L + 120_000) * 1000);
    static final LongSupplier NOW = () -> Math.floorDiv(CLOCK.nowMicros(), 1000);
    static final Interval M1 = Interval.parse("1m");

    /** {@code inner} until it reads {@code stopMicros}, then {@code stopMicros} for good. */
    static final class StoppingClock extends RecorderClock {
        private static final long serialVersionUID = 1L;
        private final RecorderClock inner;
        private final long stopMicros;

        StoppingClock(RecorderClock inner, long stopMicros) {
            this.inner = inner;
            this.stopMicros = stopMicros;
        }

        @Override
        public long nowMicros() {
            return Math.min(inner.nowMicros(), stopMicros);
        }

        @Override
        public long wallMillisAt(long clockMicros) {
            return inner.wallMillisAt(Math.min(clockMicros, stopMicros));
        }
    }

    @RegisterExtension
    static final SimulatorExtension SIM = SimulatorExtension.with(b -> b.seed(11).rate(0.05).tickMs(2).clock(CLOCK)
            .symbols(Exchange.BINANCE, List.of("BTCUSDT")).symbols(Exchange.KRAKEN, List.of("BTC/USD"))
            .symbols(Exchange.BITFINEX, List.of("tBTCUSD")));

    static HistoryHttp http;

    @BeforeAll
    static void aDayOfTradesGoesBy() throws InterruptedException {
        http = new HistoryHttp(new HistoryHttp.Limits(6000, 0, 0, 4, 20, 10_000, 10_000));
        while (NOW.getAsLong() < START + 20 * 3_600_000L + 120_000) {
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void close() {
        http.close();
    }

    static String base(Exchange e) {
        return switch (e) {
            case BINANCE -> SIM.urls().binanceRest();
            case KRAKEN -> SIM.urls().krakenRest();
            case BITFINEX -> SIM.urls().bitfinexRest();
        };
    }

    static List<HistoryTrade> trades(HistoryClient c, String symbol, long from, long to) throws IOException {
        List<HistoryTrade> out = new ArrayList<>();
        c.trades(symbol, from, to, out::add);
        return out;
    }

    static List<Candle> candles(HistoryClient c, String symbol, long from, long to) throws IOException {
        List<Candle> out = new ArrayList<>();
        c.candles(symbol, M1, from, to, out::add);
        return out;
    }

    /** Candles from trades, the exchange's way with empty intervals, without the source column. */
    static List<Candle> fromTrades(List<HistoryTrade> trades, boolean fillEmpty, long to) {
        List<Candle> out = new ArrayList<>();
        TradeCandles tc = new TradeCandles(M1, fillEmpty, Candle.Source.EXCHANGE, out::add);
        trades.forEach(t -> tc.add(t.tsUs(), t.id(), t.price(), t.qty()));
        tc.finish(to);
        return out;
    }

    /**
     * The exchange's candles from the first trade's interval on. Before it (the market's first trades after the
     * simulator started can take a while) the exchange shows empty intervals at a close from before the range, which
     * candles built from the range's trades cannot know.
     */
    static List<Candle> fromFirstTrade(List<Candle> candles, List<HistoryTrade> trades) {
        long first = M1.floor(Math.floorDiv(trades.get(0).tsUs(), 1000));
        assertThat(candles).filteredOn(c -> c.openMs() < first).as("the intervals before the first trade are empty")
                .allMatch(c -> c.trades() == 0);
        return candles.stream().filter(c -> c.openMs() >= first).toList();
    }

    static List<Candle> withoutSource(List<Candle> l) {
        return l.stream().map(c -> c.withSource(Candle.Source.EXCHANGE)).toList();
    }

    /** Numbers compared as numbers: exchanges pad decimals differently from the trades they are built from. */
    static void assertSameCandles(List<Candle> actual, List<Candle> expected, boolean compareTrades) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            Candle a = actual.get(i);
            Candle e = expected.get(i);
            String at = "candle " + i + " at " + java.time.Instant.ofEpochMilli(a.openMs());
            assertThat(a.openMs()).as(at).isEqualTo(e.openMs());
            assertThat(a.closeMs()).as(at).isEqualTo(e.closeMs());
            assertThat(new java.math.BigDecimal(a.open())).as(at + " open").isEqualByComparingTo(e.open());
            assertThat(new java.math.BigDecimal(a.high())).as(at + " high").isEqualByComparingTo(e.high());
            assertThat(new java.math.BigDecimal(a.low())).as(at + " low").isEqualByComparingTo(e.low());
            assertThat(new java.math.BigDecimal(a.close())).as(at + " close").isEqualByComparingTo(e.close());
            assertThat(new java.math.BigDecimal(a.volume())).as(at + " volume").isEqualByComparingTo(e.volume());
            if (compareTrades) {
                assertThat(a.trades()).as(at + " trades").isEqualTo(e.trades());
            }
        }
    }

    @Test
    void binanceKlinesEqualTheCandlesOfItsAggTradesPagedAcrossManyRequests() throws IOException {
        long to = M1.floor(NOW.getAsLong()) - 60_000;
        HistoryClient small = new BinanceHistory(base(Exchange.BINANCE), http, NOW, false, 37);
        HistoryClient full = new BinanceHistory(base(Exchange.BINANCE), http, NOW, false);
        long before = http.stats().requests.get();
        List<HistoryTrade> paged = trades(small, "BTCUSDT", START, to);
        long requests = http.stats().requests.get() - before;
        assertThat(paged).as("a day of trades").hasSizeGreaterThan(200);
        assertThat(requests).as("requests for " + paged.size() + " trades in pages of 37").isGreaterThan(paged.size() / 37);
        // every trade once, in order, none skipped (the simulator's ids are contiguous)
        for (int i = 1; i < paged.size(); i++) {
            assertThat(paged.get(i).id()).isEqualTo(paged.get(i - 1).id() + 1);
        }
        assertThat(trades(full, "BTCUSDT", START, to)).isEqualTo(paged);

        before = http.stats().requests.get();
        List<Candle> klines = candles(small, "BTCUSDT", START, to);
        assertThat(klines.size()).as("1m klines over 20 hours, empty minutes included").isGreaterThan(600);
        assertThat(http.stats().requests.get() - before).as("pages of 37 klines").isGreaterThanOrEqualTo(klines.size() / 37);
        assertThat(candles(full, "BTCUSDT", START, to)).isEqualTo(klines);
        assertSameCandles(fromFirstTrade(klines, paged), fromTrades(paged, true, to), true);
        assertThat(klines).allMatch(c -> c.source() == Candle.Source.EXCHANGE);
    }

    @Test
    void krakenOhlcBeyondItsLast720CandlesIsRebuiltFromTradesAndAgrees() throws IOException {
        long to = M1.floor(NOW.getAsLong()) - 60_000;
        HistoryClient k = new KrakenHistory(base(Exchange.KRAKEN), http, NOW, 50);
        List<HistoryTrade> all = trades(k, "BTC/USD", START, to);
        assertThat(all).hasSizeGreaterThan(200);
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).id()).as("paged by last: every trade once").isEqualTo(all.get(i - 1).id() + 1);
        }
        List<Candle> c = candles(k, "BTC/USD", START, to);
        assertSameCandles(withoutSource(c), fromTrades(all, true, to), true);
        long rebuilt = c.stream().filter(x -> x.source() == Candle.Source.EXCHANGE_TRADES).count();
        long ohlc = c.stream().filter(x -> x.source() == Candle.Source.EXCHANGE).count();
        assertThat(ohlc).as("what OHLC still serves").isBetween(700L, 720L);
        assertThat(rebuilt).as("older minutes, from Trades").isGreaterThan(300);
        // the rebuilt part comes first and hands over without a gap or an overlap
        for (int i = 1; i < c.size(); i++) {
            assertThat(c.get(i).openMs()).isEqualTo(c.get(i - 1).openMs() + 60_000);
        }
    }

    @Test
    void bitfinexCandlesAreReadOchlAndLeaveOutEmptyMinutes() throws IOException {
        long to = M1.floor(NOW.getAsLong()) - 60_000;
        HistoryClient b = new BitfinexHistory(base(Exchange.BITFINEX), http, NOW, 40);
        List<HistoryTrade> all = trades(b, "tBTCUSD", START, to);
        assertThat(all).hasSizeGreaterThan(200);
        assertThat(all.stream().map(HistoryTrade::id).distinct().count()).as("no trade twice").isEqualTo(all.size());
        assertThat(all).allMatch(t -> t.side().equals("buy") || t.side().equals("sell")).allMatch(t -> !t.qty().startsWith("-"));
        List<Candle> c = candles(b, "tBTCUSD", START, to);
        assertSameCandles(c, fromTrades(all, false, to), false);
        assertThat(c).allMatch(x -> x.trades() == -1);
    }

    @Test
    void rateLimitsBansAndServerErrorsAreWaitedOutAndCounted() throws IOException {
        long to = START + 3_600_000L;
        HistoryClient clean = new BinanceHistory(base(Exchange.BINANCE), http, NOW, false);
        List<Candle> expected = candles(clean, "BTCUSDT", START, to);
        Simulator sim = SIM.simulator();
        sim.inject(FaultSpec.rest429(Exchange.BINANCE, 2, 1));
        sim.inject(FaultSpec.rest5xx(Exchange.BINANCE, 2, 503));
        sim.inject(FaultSpec.rest418(Exchange.BINANCE, 1, 1));
        long limited = http.stats().rateLimited.get();
        long banned = http.stats().banned.get();
        long errors = http.stats().serverErrors.get();
        long t0 = System.nanoTime();
        assertThat(candles(clean, "BTCUSDT", START, to)).isEqualTo(expected);
        assertThat(http.stats().rateLimited.get() - limited).as("429s waited out").isEqualTo(2);
        assertThat(http.stats().banned.get() - banned).as("a one-second ban waited out").isEqualTo(1);
        assertThat(http.stats().serverErrors.get() - errors).as("503s retried").isEqualTo(2);
        assertThat(System.nanoTime() - t0).as("Retry-After honoured: three one-second pauses").isGreaterThanOrEqualTo(2_900_000_000L);

        sim.inject(FaultSpec.rest5xx(Exchange.KRAKEN, 1, 502));
        HistoryClient k = new KrakenHistory(base(Exchange.KRAKEN), http, NOW);
        assertThat(candles(k, "BTC/USD", M1.floor(NOW.getAsLong()) - 3_600_000L, M1.floor(NOW.getAsLong()))).hasSize(60);
    }

    @Test
    void aBanLongerThanTheRunWaitsFailsNamingItAndAnUnknownSymbolFailsAtOnce() {
        SIM.simulator().inject(FaultSpec.rest418(Exchange.BINANCE, 1, 3600));
        HistoryClient b = new BinanceHistory(base(Exchange.BINANCE), http, NOW, false);
        assertThatThrownBy(() -> candles(b, "BTCUSDT", START, START + 60_000)).isInstanceOf(HistoryHttp.HistoryRequestException.class)
                .hasMessageContaining("HTTP 418").hasMessageContaining("banned").hasMessageContaining("3600 s");
        HistoryClient k = new KrakenHistory(base(Exchange.KRAKEN), http, NOW);
        assertThatThrownBy(() -> candles(k, "NOPE/USD", START, START + 60_000)).isInstanceOf(HistoryHttp.HistoryRequestException.class)
                .hasMessageContaining("kraken refused").hasMessageContaining("Unknown asset pair");
    }

    static int run(java.util.Map<String, String> env, java.io.StringWriter out, java.io.StringWriter err, String... args) {
        picocli.CommandLine cl = new picocli.CommandLine(new io.mm.history.cli.HistoryCommand(env));
        cl.setOut(new java.io.PrintWriter(out));
        cl.setErr(new java.io.PrintWriter(err));
        return cl.execute(args);
    }

    java.util.Map<String, String> env(java.nio.file.Path data) {
        java.util.Map<String, String> env = new java.util.HashMap<>(SIM.urls().environment());
        env.put("DATA_DIR", data.toString());
        env.put("MM_CLOCK", "start=2026-12-01T00:00:00Z,speed=10000,anchor=" + (CLOCK.wallMillisAt(START * 1000)));
        env.put("KRAKEN_REST_SPACING_MS", "0");
        env.put("BITFINEX_REST_SPACING_MS", "0");
        return env;
    }

    @Test
    void theCommandWritesGzipCsvBesideTheRecordingsThatPythonReads(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.util.Map<String, String> env = env(dir);
        env.put("EXCHANGE", "kraken");
        env.put("SYMBOL", "BTC/USD");
        env.put("TYPE", "trades");
        env.put("START_MS", Long.toString(START));
        env.put("END_MS", Long.toString(START + 6 * 3_600_000L));
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        assertThat(run(env, out, err, "--no-progress")).as(err.toString()).isZero();
        java.nio.file.Path file = HistoryFiles.dir(dir, Exchange.KRAKEN, "BTC/USD").resolve("trades_" + START + "_" + (START + 6 * 3_600_000L) + ".csv.gz");
        assertThat(out.toString()).contains(file.toString()).contains("REST: ");
        List<HistoryTrade> expected = trades(new KrakenHistory(base(Exchange.KRAKEN), http, NOW), "BTC/USD", START, START + 6 * 3_600_000L);
        Process py = new ProcessBuilder(io.mm.core.Python.require(), "-c", "import gzip, csv, sys\n"
                + "rows = list(csv.DictReader(gzip.open(sys.argv[1], 'rt', newline='')))\n"
                + "print(len(rows), rows[0]['trade_id'], rows[-1]['trade_id'], rows[0]['side'], rows[0]['trade_ts_us'])", file.toString())
                .redirectErrorStream(true).start();
        String said = new String(py.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertThat(py.waitFor()).as(said).isZero();
        assertThat(said).isEqualTo(expected.size() + " " + expected.get(0).id() + " " + expected.get(expected.size() - 1).id() + " "
                + expected.get(0).side() + " " + expected.get(0).tsUs());

        // the flags win over the environment, and candles land under their interval's name
        assertThat(run(env, out, err, "--no-progress", "--type", "candles", "--interval", "5m", "--exchange", "bitfinex", "--symbol",
                "tBTCUSD")).as(err.toString()).isZero();
        assertThat(HistoryFiles.dir(dir, Exchange.BITFINEX, "tBTCUSD").resolve("candles_5m_" + START + "_" + (START + 6 * 3_600_000L) + ".csv.gz")).isRegularFile();
    }

    @Test
    void aRangeReachingPastTheIntervalStillOpenIsFetchedAndNamedUpToIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        long h19 = START + 19 * 3_600_000L;
        long h20 = START + 20 * 3_600_000L;
        java.util.Map<String, String> env = env(dir);
        // now is 20:00:30 on the command's clock: the 20:00 candle is still open, 21:00 lies ahead
        env.put("MM_CLOCK", "start=2026-12-01T20:00:30Z,speed=1");
        env.put("SYMBOL", "BTCUSDT");
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        assertThat(run(env, out, err, "--no-progress", "--start-ms", Long.toString(h19), "--end-ms", "2026-12-01T21:00:00Z")).as(err.toString())
                .isZero();
        assertThat(err.toString()).contains("fetching up to 2026-12-01T20:00:00Z, not to END_MS (--end-ms) 2026-12-01T21:00:00Z");
        java.nio.file.Path file = HistoryFiles.dir(dir, Exchange.BINANCE, "BTCUSDT").resolve("candles_1m_" + h19 + "_" + h20 + ".csv.gz");
        assertThat(out.toString()).startsWith("60 candles of binance BTCUSDT 1m").contains(file.toString());
        assertThat(HistoryFiles.readCandles(file)).hasSize(60);
        try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.list(file.getParent())) {
            assertThat(s).as("no file claims the hour still to come").containsExactly(file);
        }

        // a range that starts in the interval still open has nothing to fetch, and writes nothing
        err.getBuffer().setLength(0);
        assertThat(run(env, out, err, "--no-progress", "--start-ms", Long.toString(h20 + 10_000))).isEqualTo(2);
        assertThat(err.toString()).contains("nothing to fetch yet: the 1m interval still open starts at 2026-12-01T20:00:00Z, not after "
                + "START_MS (--start-ms) 2026-12-01T20:00:10Z");
        try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.list(file.getParent())) {
            assertThat(s).containsExactly(file);
        }
    }

    @Test
    void badSettingsAndRefusalsExitTwoNamingTheSettingOrTheExchangesWords(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.util.Map<String, String> env = env(dir);
        env.put("SYMBOL", "BTCUSDT");
        env.put("START_MS", Long.toString(START));
        java.io.StringWriter err = new java.io.StringWriter();
        assertThat(run(env, new java.io.StringWriter(), err, "--interval", "7m")).isEqualTo(2);
        assertThat(err.toString()).contains("INTERVAL (--interval)").contains("'7m'");
        err.getBuffer().setLength(0);
        assertThat(run(env, new java.io.StringWriter(), err, "--exchange", "kraken", "--symbol", "BTC/USD", "--interval", "1s")).isEqualTo(2);
        assertThat(err.toString()).contains("kraken serves no 1s candles");
        err.getBuffer().setLength(0);
        assertThat(run(env, new java.io.StringWriter(), err, "--exchange", "kraken", "--symbol", "xbt/usd")).isEqualTo(2);
        assertThat(err.toString()).as("files under kraken/XBTUSD would sit apart from the recordings")
                .contains("SYMBOL (--symbol) 'XBT/USD' uses Kraken's legacy asset names: the recorder and its files call it BTC/USD");
        assertThat(dir.resolve("kraken")).doesNotExist();
        err.getBuffer().setLength(0);
        assertThat(run(env, new java.io.StringWriter(), err, "--start-ms", "yesterday")).isEqualTo(2);
        assertThat(err.toString()).contains("START_MS (--start-ms) 'yesterday'");
        err.getBuffer().setLength(0);
        assertThat(run(env, new java.io.StringWriter(), err, "--no-progress", "--symbol", "NOPEUSDT", "--end-ms", Long.toString(START + 60_000)))
                .isEqualTo(2);
        assertThat(err.toString()).contains("binance refused").contains("Invalid symbol");
        assertThat(dir.resolve("binance")).doesNotExist();

        // a place the rows cannot be written: said before any request, naming the setting and what is in the way
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("a-file"), "x");
        err.getBuffer().setLength(0);
        assertThat(run(env, new java.io.StringWriter(), err, "--no-progress", "--data-dir", file.resolve("data").toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("mm history: DATA_DIR (--data-dir): the directory "
                + file.resolve("data/binance/BTCUSDT/history") + " cannot be created: " + file + " is a file");
        err.getBuffer().setLength(0);
        assertThat(run(env, new java.io.StringWriter(), err, "--no-progress", "--out", file.resolve("rows.csv.gz").toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("mm history: the directory of --out: " + file + " is a file, not a directory");
    }
}
