package io.mm.api.metrics;

import static io.mm.api.metrics.RecordedDays.DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.api.catalog.DataCatalog;
import io.mm.api.server.ApiServer;
import io.mm.api.server.ApiSettings;
import io.mm.core.candle.Candle;
import io.mm.core.candle.CandleSource;
import io.mm.core.candle.HistoryFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} over loopback from candle files on disk: every metric equals a direct computation over the
 * same candles (a plain loop in this test), a local candle wins over an exchange one, intervals without a candle
 * carry the previous close; every bad request gets its 4xx; and 30 days of 1-minute candles for 20 symbols load.
 */
class MetricsServiceITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MIN = 60_000;

    /** Writes {@code history/candles_1m_*} files of a random walk; returns the closes written, local winning. */
    private static TreeMap<Long, Double> write(Path data, String fs, long start, long end, long seed, boolean withLocalOverlay)
            throws Exception {
        return write(data, "binance", fs, start, end, seed, withLocalOverlay);
    }

    private static TreeMap<Long, Double> write(Path data, String exchange, String fs, long start, long end, long seed,
                                               boolean withLocalOverlay) throws Exception {
        Random r = new Random(seed);
        List<Candle> ex = new ArrayList<>();
        TreeMap<Long, Double> truth = new TreeMap<>();
        double p = 100 + seed;
        for (long t = start; t < end; t += MIN) {
            p *= Math.exp(r.nextGaussian() * 0.001);
            if (r.nextInt(50) == 0) {
                continue; // an interval without a candle (Bitfinex's way)
            }
            String c = String.format(java.util.Locale.ROOT, "%.6f", p);
            ex.add(new Candle(t, t + MIN - 1, c, c, c, c, "1", 1, Candle.Source.EXCHANGE));
            truth.put(t, Double.parseDouble(c));
        }
        Path dir = data.resolve(exchange).resolve(fs);
        HistoryFiles.writeCandles(dir.resolve("history").resolve("candles_1m_" + start + "_" + end + ".csv.gz"), ex);
        Files.createDirectories(dir.resolve("20240101"));
        if (withLocalOverlay) {
            List<Candle> local = new ArrayList<>();
            for (long t = start + 2000 * MIN; t < start + 2100 * MIN; t += MIN) {
                String c = String.format(java.util.Locale.ROOT, "%.6f", 200 + (t - start) / MIN * 0.01);
                local.add(new Candle(t, t + MIN - 1, c, c, c, c, "1", 1, Candle.Source.LOCAL));
                truth.put(t, Double.parseDouble(c));
            }
            HistoryFiles.writeCandles(dir.resolve("history").resolve("combined_1m_" + (start + 2000 * MIN) + "_" + (start + 2100 * MIN)
                    + ".csv.gz"), local);
        }
        return truth;
    }

    /** AAAUSDT and BBBUSDT with exchange candles over {@code [start, end)}, and the catalog that lists them. */
    private static final String TWO_DAYS_OF_TWO = "exchange=binance&symbols=AAAUSDT,BBBUSDT&interval=1m&window=2d";

    /** The exchange's candles of a flat market, one a minute. */
    private static List<Candle> flat(long from, long to) {
        List<Candle> out = new ArrayList<>();
        for (long t = from; t < to; t += MIN) {
            out.add(new Candle(t, t + MIN - 1, "100", "100", "100", "100", "1", 1, Candle.Source.EXCHANGE));
        }
        return out;
    }

    private static DataCatalog twoSymbols(Path data, long start, long end) throws Exception {
        write(data, "AAAUSDT", start, end, 1, false);
        write(data, "BBBUSDT", start, end, 2, false);
        return catalog(data);
    }

    /** The symbols under {@code data}, listed. */
    private static DataCatalog catalog(Path data) {
        DataCatalog catalog = new DataCatalog(data);
        catalog.refresh();
        return catalog;
    }

    /** 00:00 UTC two days ago: recorded days that are closed, whatever the time. */
    private static long twoDaysAgo() {
        return System.currentTimeMillis() / DAY * DAY - 2 * DAY;
    }

    /** AAAUSDT's trades from {@code day - 10 min} to {@code until}, a run listening from {@code day - 10 s}. */
    private static RecordedDays running(Path data, long day, long until, long seed) {
        return new RecordedDays(data, "binance", "AAAUSDT").walk(day - 10 * MIN, until, seed)
                .event(day - 10_000, "run_start", "{}").event(day - 10_000, "ws_open", "{}");
    }

    /** A heartbeat row every 10 minutes from {@code from} to {@code to}: the ledger as far as the recorder committed it. */
    private static RecordedDays heartbeats(RecordedDays rec, long from, long to) {
        for (long t = from; t <= to; t += 10 * MIN) {
            rec.event(t, "heartbeat", "{}");
        }
        return rec;
    }

    /** Writes the days as closed (modified a day ago) and lists them. */
    private static DataCatalog written(Path data, RecordedDays rec) throws Exception {
        rec.write(System.currentTimeMillis() - DAY);
        return catalog(data);
    }

    /** Closes on the grid, forward-filled, from the first row where all have one: the reference, by plain loops. */
    private static double[][] reference(List<TreeMap<Long, Double>> s, long start, long end) {
        List<double[]> rows = new ArrayList<>();
        double[] last = new double[s.size()];
        java.util.Arrays.fill(last, Double.NaN);
        for (long t = start; t < end; t += MIN) {
            boolean all = true;
            for (int j = 0; j < s.size(); j++) {
                Double c = s.get(j).get(t);
                if (c != null) {
                    last[j] = c;
                }
                all &= !Double.isNaN(last[j]);
            }
            if (all) {
                rows.add(last.clone());
            }
        }
        return rows.toArray(new double[0][]);
    }

    private static double[][] returnsByLoop(double[][] c) {
        double[][] r = new double[c.length - 1][c[0].length];
        for (int t = 1; t < c.length; t++) {
            for (int j = 0; j < c[0].length; j++) {
                r[t - 1][j] = Math.log(c[t][j] / c[t - 1][j]);
            }
        }
        return r;
    }

    private static double cov(double[][] r, int a, int b) {
        double ma = 0;
        double mb = 0;
        for (double[] x : r) {
            ma += x[a];
            mb += x[b];
        }
        ma /= r.length;
        mb /= r.length;
        double s = 0;
        for (double[] x : r) {
            s += (x[a] - ma) * (x[b] - mb);
        }
        return s / (r.length - 1);
    }

    /** Every message of one connection, in order. */
    private static final class All implements WebSocket.Listener {
        final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final StringBuilder b = new StringBuilder();
        /** When each message arrived, wall-clock ms. */
        final LinkedBlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            b.append(data);
            if (last) {
                try {
                    arrivals.add(System.currentTimeMillis());
                    messages.add(JSON.readTree(b.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                b.setLength(0);
            }
            w.request(1);
            return null;
        }

        JsonNode next(int seconds) throws InterruptedException {
            JsonNode m = messages.poll(seconds, TimeUnit.SECONDS);
            assertThat(m).as("a message within " + seconds + " s").isNotNull();
            return m;
        }
    }

    private static ApiServer serve(MetricsService m) throws Exception {
        ApiSettings s = ApiSettings.defaults(0);
        return new ApiServer(s, List.of(m.route(s))).start();
    }

    private static WebSocket connect(int port, String query, All l) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/metrics?" + query), l)
                .get(10, TimeUnit.SECONDS);
    }

    private static JsonNode first(int port, String query) throws Exception {
        All l = new All();
        WebSocket w = connect(port, query, l);
        try {
            return l.next(60);
        } finally {
            w.abort();
        }
    }

    /** The status and body of a refused {@code /metrics} handshake. */
    private static String refusal(int port, String query) throws Exception {
        try {
            HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/metrics?" + query),
                    new All()).get(10, TimeUnit.SECONDS).abort();
            return "101";
        } catch (ExecutionException e) {
            java.net.http.HttpResponse<?> r = ((WebSocketHandshakeException) e.getCause()).getResponse();
            return r.statusCode() + " " + r.body();
        }
    }

    private static int refused(int port, String query) throws Exception {
        return Integer.parseInt(refusal(port, query).split(" ", 2)[0]);
    }

    @Test
    void everyMetricEqualsADirectComputationOverTheSameCandles(@TempDir Path data) throws Exception {
        long now = System.currentTimeMillis();
        long end = now / MIN * MIN + 10 * MIN; // files reach past now: only closed intervals count
        long start = end - 3 * 1440 * MIN;
        List<TreeMap<Long, Double>> truth = List.of(write(data, "AAAUSDT", start, end, 1, true), write(data, "BBBUSDT", start, end, 2, false),
                write(data, "CCCUSDT", start + 30 * MIN, end, 3, false));
        DataCatalog catalog = catalog(data);
        try (MetricsService m = new MetricsService(catalog, new CandleStore(data, null), null, System::currentTimeMillis);
             ApiServer server = serve(m)) {
            String q = "exchange=binance&symbols=AAAUSDT,BBBUSDT,CCCUSDT&interval=1m&window=2d&metric=";
            JsonNode corr = first(server.port(), q + "correlation");
            long to = corr.get("to_ms").asLong();
            long from = to - 2 * 1440 * MIN;
            double[][] closes = reference(truth, from, to);
            assertThat(corr.get("closes").asInt()).isEqualTo(closes.length);
            double[][] r = returnsByLoop(closes);
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    double expected = cov(r, a, b) / Math.sqrt(cov(r, a, a) * cov(r, b, b));
                    assertThat(corr.get("matrix").get(a).get(b).asDouble()).as("correlation " + a + "," + b).isCloseTo(expected, within(1e-12));
                }
            }
            assertThat(corr.get("candles").get("local").asInt()).isEqualTo(100);
            // each answer over its own window: a minute may close between two requests
            JsonNode covm = first(server.port(), q + "covariance");
            double[][] rc = returnsByLoop(reference(truth, covm.get("to_ms").asLong() - 2 * 1440 * MIN, covm.get("to_ms").asLong()));
            JsonNode vol = first(server.port(), q + "volatility");
            double[][] rv = returnsByLoop(reference(truth, vol.get("to_ms").asLong() - 2 * 1440 * MIN, vol.get("to_ms").asLong()));
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    assertThat(covm.get("matrix").get(a).get(b).asDouble()).isCloseTo(cov(rc, a, b), within(1e-15));
                }
                assertThat(vol.get("values").get(a).asDouble()).isCloseTo(Math.sqrt(cov(rv, a, a)), within(1e-15));
                assertThat(vol.get("annualized").get(a).asDouble()).isCloseTo(Math.sqrt(cov(rv, a, a)) * Math.sqrt(365 * 1440.0), within(1e-12));
            }
            // a window beyond the files: missing, said so
            JsonNode longer = first(server.port(), "exchange=binance&symbols=AAAUSDT,BBBUSDT&interval=1m&window=5d");
            assertThat(longer.get("complete").asBoolean()).isFalse();

            int p = server.port();
            assertThat(refused(p, "exchange=binance&symbols=AAAUSDT,BBBUSDT&metric=beta")).isEqualTo(400);
            assertThat(refused(p, "exchange=binance&symbols=AAAUSDT,BBBUSDT&window=400d")).isEqualTo(400);
            assertThat(refused(p, "exchange=binance&symbols=AAAUSDT,BBBUSDT&window=30y")).isEqualTo(400);
            assertThat(refusal(p, "exchange=binance&symbols=AAAUSDT,BBBUSDT&window=0d"))
                    .isEqualTo("400 {\"error\":\"window 0d must hold at least two intervals of 1m\"}");
            assertThat(refused(p, "exchange=binance&symbols=AAAUSDT,BBBUSDT&interval=7m")).isEqualTo(400);
            assertThat(refused(p, "exchange=binance&symbols=AAAUSDT,BBBUSDT&interval=1s&window=30d")).isEqualTo(400);
            assertThat(refused(p, "exchange=binance&symbols=AAAUSDT&metric=correlation")).isEqualTo(400);
            assertThat(refused(p, "exchange=binance&symbols=AAAUSDT,ZZZUSDT")).isEqualTo(404);
            assertThat(refused(p, "exchange=binance&symbols=AAAUSDT,..%2F..")).isEqualTo(400);
            assertThat(refused(p, "exchange=binance&symbols=AAAUSDT&metric=volatility")).isEqualTo(101);
        }
    }

    @Test
    void oneMatrixHoldsSymbolsOfSeveralExchangesNamedExchangeColonSymbol(@TempDir Path data) throws Exception {
        long end = System.currentTimeMillis() / MIN * MIN + 10 * MIN;
        long start = end - 3 * 1440 * MIN;
        List<TreeMap<Long, Double>> truth = List.of(write(data, "binance", "AAAUSDT", start, end, 1, false),
                write(data, "kraken", "AAAUSD", start, end, 2, false), write(data, "bitfinex", "AAAUSD", start, end, 3, false));
        DataCatalog catalog = catalog(data);
        try (MetricsService m = new MetricsService(catalog, new CandleStore(data, null), null, System::currentTimeMillis);
             ApiServer server = serve(m)) {
            int p = server.port();
            JsonNode corr = first(p, "symbols=binance:AAAUSDT,kraken:AAA/USD,bitfinex:tAAAUSD&interval=1m&window=2d");
            assertThat(corr.get("exchanges")).as(corr.toString()).hasSize(3);
            assertThat(List.of(corr.get("exchanges").get(0).asText(), corr.get("exchanges").get(1).asText(), corr.get("exchanges").get(2).asText()))
                    .containsExactly("binance", "kraken", "bitfinex");
            assertThat(corr.get("exchange").isNull()).as("no one exchange").isTrue();
            long to = corr.get("to_ms").asLong();
            double[][] r = returnsByLoop(reference(truth, to - 2 * 1440 * MIN, to));
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    assertThat(corr.get("matrix").get(a).get(b).asDouble()).as("correlation " + a + "," + b)
                            .isCloseTo(cov(r, a, b) / Math.sqrt(cov(r, a, a) * cov(r, b, b)), within(1e-12));
                }
            }
            // a bare symbol is of the exchange parameter's exchange; alone, the exchange is said as before
            JsonNode mixed = first(p, "exchange=kraken&symbols=AAA/USD,binance:AAAUSDT&interval=1m&window=2d");
            assertThat(mixed.get("exchanges").get(0).asText()).isEqualTo("kraken");
            assertThat(mixed.get("exchanges").get(1).asText()).isEqualTo("binance");
            JsonNode one = first(p, "symbols=binance:AAAUSDT&interval=1m&window=2d&metric=volatility");
            assertThat(one.get("exchange").asText()).isEqualTo("binance");
            assertThat(refusal(p, "symbols=binance:AAAUSDT,AAA/USD")).startsWith("400 ").contains("exchange is required for 'AAA/USD'");
            assertThat(refused(p, "symbols=binance:AAAUSDT,kraken:ZZZ/USD")).isEqualTo(404);
            assertThat(refused(p, "symbols=binance:AAAUSDT,mars:AAA")).as("not an exchange: a bare symbol, with no exchange").isEqualTo(400);
        }
    }

    @Test
    void thirtyDaysOfMinutesForTwentySymbolsLoad(@TempDir Path data) throws Exception {
        long end = System.currentTimeMillis() / MIN * MIN;
        long start = end - 30L * 1440 * MIN;
        StringBuilder symbols = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            String fs = String.format("S%02dUSDT", i);
            write(data, fs, start - MIN, end, 10 + i, false);
            symbols.append(i == 0 ? "" : ",").append(fs);
        }
        DataCatalog catalog = catalog(data);
        try (MetricsService m = new MetricsService(catalog, new CandleStore(data, null), null, System::currentTimeMillis);
             ApiServer server = serve(m)) {
            long t0 = System.nanoTime();
            JsonNode corr = first(server.port(), "exchange=binance&symbols=" + symbols + "&interval=1m&window=30d");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(corr.get("matrix")).hasSize(20);
            assertThat(corr.get("closes").asInt()).isGreaterThan(43_000);
            System.out.println("30 d x 1 m x 20 symbols: first message after " + ms + " ms");
            t0 = System.nanoTime();
            first(server.port(), "exchange=binance&symbols=" + symbols + "&interval=1m&window=30d&metric=volatility");
            System.out.println("again (files cached): " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
    }

    @Test
    void aCorrelationFromCandlesBuiltOfRecordedTradesEqualsAPlainLoop(@TempDir Path data) throws Exception {
        long day = java.time.LocalDate.of(2026, 11, 20).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
        String[] names = {"AAAUSDT", "BBBUSDT", "CCCUSDT"};
        List<TreeMap<Long, Double>> truth = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            // listened all day; the first symbol's recorder started an hour late
            long open = i == 0 ? day + 3_600_000 : day - 10_000;
            RecordedDays rec = new RecordedDays(data, "binance", names[i]).walk(day - 600_000, day + 86_400_000 + 600_000, 20 + i)
                    .event(open, "ws_open", "{}").event(day + 86_400_000 + 10_000, "run_end", "{}");
            rec.write(System.currentTimeMillis() - 86_400_000);
            TreeMap<Long, Double> closes = new TreeMap<>();
            rec.closes(MIN).forEach((t, c) -> {
                if (t >= open + 1000) { // the 1 s margin: the first minute after the open is the first listened in full
                    closes.put(t, Double.parseDouble(c));
                }
            });
            truth.add(closes);
        }
        DataCatalog catalog = catalog(data);
        long now = day + 86_400_000 + 30_000;
        try (MetricsService m = new MetricsService(catalog, new CandleStore(data, null), null, () -> now);
             ApiServer server = serve(m)) {
            JsonNode corr = first(server.port(), "exchange=binance&symbols=" + String.join(",", names) + "&interval=1m&window=1d");
            assertThat(corr.get("to_ms").asLong()).isEqualTo(day + 86_400_000);
            double[][] closes = reference(truth, day, day + 86_400_000);
            assertThat(corr.get("closes").asInt()).isEqualTo(closes.length).isEqualTo(1440 - 61);
            assertThat(corr.get("candles").get("local").asInt()).as("every listened minute: 1440 - 61 + 1440 + 1440").isEqualTo(4259);
            assertThat(corr.get("complete").asBoolean()).as("the first symbol's unlistened hour is missing").isFalse();
            double[][] r = returnsByLoop(closes);
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    double expected = cov(r, a, b) / Math.sqrt(cov(r, a, a) * cov(r, b, b));
                    assertThat(corr.get("matrix").get(a).get(b).asDouble()).as("correlation " + a + "," + b).isCloseTo(expected, within(1e-12));
                }
            }
        }
    }

    @Test
    void aMinuteTheRecorderMissedPartOfIsMissingEvenWithLiveTradesInIt(@TempDir Path data) throws Exception {
        long day = twoDaysAgo();
        long hour = 3_600_000;
        long cut = day + hour + 5 * MIN; // the socket lost from 01:05:20 to 01:05:40: that minute's last trades may be gone
        RecordedDays rec = running(data, day, day + 3 * hour, 5)
                .event(cut + 20_000, "ws_error", "{}").event(cut + 21_000, "reconnect", "{}").event(cut + 40_000, "ws_open", "{}");
        DataCatalog catalog = written(data, heartbeats(rec, day, day + 3 * hour)); // the ledger to 03:00
        long now = day + 3 * hour + 20 * MIN + 30_000;
        String query = "exchange=binance&symbols=AAAUSDT&interval=1m&window=3h&metric=volatility";
        try (MetricsService m = new MetricsService(catalog, new CandleStore(data, null), null, () -> now);
             ApiServer server = serve(m)) {
            first(server.port(), query); // asking starts the live closes
            m.onTrade("binance:AAAUSDT", (cut + 10_000) * 1000, 999.0); // before the loss: not the minute's close
            for (long t = day + 2 * hour + 55 * MIN; t < day + 3 * hour + 20 * MIN; t += MIN) {
                m.onTrade("binance:AAAUSDT", (t + 30_000) * 1000, 1000.0 + (t - day) / MIN);
            }
            JsonNode a = first(server.port(), query);
            assertThat(a.get("to_ms").asLong()).isEqualTo(day + 3 * hour + 20 * MIN);
            assertThat(a.get("candles").get("live").asInt()).as("02:59 to 03:19, past what the ledger tells; not 01:05").isEqualTo(21);
            assertThat(a.get("complete").asBoolean()).as("01:05 is missing: the exchange's candle is to be fetched").isFalse();
        }
    }

    @Test
    void aSpanMissingLaterInsideTheWindowIsFetchedAtTheNextClose(@TempDir Path data) throws Exception {
        long day = twoDaysAgo();
        long hour = 3_600_000;
        RecordedDays rec = heartbeats(running(data, day, day + 3 * hour, 9), day, day + 3 * hour);
        DataCatalog catalog = written(data, rec);
        long now = day + 3 * hour - 2 * MIN; // the clock stands: every close answers the same window of seconds
        List<long[]> asked = new CopyOnWriteArrayList<>();
        CandleSource seconds = (e, sym, iv, from, to) -> {
            asked.add(new long[] {from, to});
            List<Candle> out = new ArrayList<>();
            for (long t = from; t < to; t += iv.millis()) {
                out.add(new Candle(t, t + iv.millis() - 1, "123", "123", "123", "123", "1", 1, Candle.Source.EXCHANGE));
            }
            return out;
        };
        try (MetricsService m = new MetricsService(catalog, new CandleStore(data, seconds), null, () -> now);
             ApiServer server = serve(m)) {
            All l = new All();
            WebSocket w = connect(server.port(), "exchange=binance&symbols=AAAUSDT&interval=1s&window=10m&metric=volatility", l);
            assertThat(l.next(10).get("complete").asBoolean()).as("every second listened").isTrue();
            assertThat(l.next(10).get("reason").asText()).isEqualTo("interval_close");
            assertThat(asked).isEmpty();
            // the ledger, committed further, shows a reconnect five minutes back: those seconds' trades may be incomplete
            long cut = now - 5 * MIN;
            rec.event(cut, "ws_error", "{}").event(cut + 1_000, "reconnect", "{}").event(cut + 20_000, "ws_open", "{}")
                    .write(System.currentTimeMillis() - DAY + 1000);
            JsonNode healed = null;
            for (int i = 0; i < 10 && healed == null; i++) {
                JsonNode a = l.next(10);
                if (a.path("reason").asText().equals("history")) {
                    healed = a;
                }
            }
            assertThat(healed).as("an update once the cut seconds were fetched").isNotNull();
            assertThat(healed.get("complete").asBoolean()).isTrue();
            assertThat(asked).as("only the cut, less the 1 s margins").hasSize(1);
            assertThat(asked.get(0)).containsExactly(cut - 1_000, cut + 21_000);
            w.abort();
        }
    }

    @Test
    void aRecorderThatStoppedCostsNoRequestAtEachClose(@TempDir Path data) throws Exception {
        long day = twoDaysAgo();
        long stop = day + 3 * 3_600_000;
        DataCatalog catalog = written(data, running(data, day, stop, 9).event(stop, "run_end", "{}"));
        AtomicLong clock = new AtomicLong(stop + MIN);
        List<long[]> asked = new CopyOnWriteArrayList<>();
        CandleSource seconds = (e, sym, iv, from, to) -> {
            asked.add(new long[] {from, to});
            return List.of();
        };
        try (MetricsService m = new MetricsService(catalog, new CandleStore(data, seconds), null, clock::get);
             ApiServer server = serve(m)) {
            All l = new All();
            WebSocket w = connect(server.port(), "exchange=binance&symbols=AAAUSDT&interval=1s&window=10m&metric=volatility", l);
            assertThat(l.next(10).get("reason").asText()).isEqualTo("first");
            assertThat(l.next(10).get("reason").asText()).as("the first answer's fetch: the minute since the stop").isEqualTo("history");
            assertThat(asked).hasSize(1);
            for (int i = 0; i < 4; i++) {
                clock.addAndGet(1000);
                JsonNode a = l.next(10);
                assertThat(a.get("reason").asText()).isEqualTo("interval_close");
                assertThat(a.get("complete").asBoolean()).as("the newest second: no recorder, not fetched yet").isFalse();
            }
            assertThat(asked).as("the seconds since, at the window's end, are left to the next client").hasSize(1);
            w.abort();
        }
    }

    @Test
    void aFileThatCannotBeReadIsAnErrorNamingItAsUnderTheDataDirectory(@TempDir Path data) throws Exception {
        long end = System.currentTimeMillis() / MIN * MIN;
        long start = end - 1440 * MIN;
        DataCatalog catalog = twoSymbols(data, start, end);
        // a directory where a history file should be: no reader can open it
        Files.createDirectories(data.resolve("binance/AAAUSDT/history/candles_1m_" + (start - 10 * MIN) + "_" + start + ".csv.gz"));
        try (MetricsService m = new MetricsService(catalog, new CandleStore(data, null), null, System::currentTimeMillis);
             ApiServer server = serve(m)) {
            String error = first(server.port(), TWO_DAYS_OF_TWO).get("error").asText();
            assertThat(error).contains("metrics could not be computed", "binance/AAAUSDT/history/candles_1m_" + (start - 10 * MIN))
                    .doesNotContain(data.toAbsolutePath().toString());
        }
    }

    @Test
    void everyIntervalCloseBringsAnUpdateOnceItsLastTradesHadTimeToArrive(@TempDir Path data) throws Exception {
        long end = System.currentTimeMillis() / MIN * MIN;
        DataCatalog catalog = twoSymbols(data, end - 10 * MIN, end);
        try (MetricsService m = new MetricsService(catalog, new CandleStore(data, null), null, System::currentTimeMillis);
             ApiServer server = serve(m)) {
            All l = new All();
            WebSocket w = connect(server.port(), "exchange=binance&symbols=AAAUSDT,BBBUSDT&interval=1s&window=1m&metric=volatility", l);
            long previous = -1;
            for (int i = 0; i < 5; i++) {
                JsonNode a = l.next(10);
                long arrived = l.arrivals.take();
                assertThat(a.get("reason").asText()).isEqualTo(i == 0 ? "first" : "interval_close");
                long to = a.get("to_ms").asLong();
                assertThat(arrived - to).as("answer " + i + ": its newest interval closed at least the close lag before")
                        .isGreaterThanOrEqualTo(MetricsService.CLOSE_LAG_MS);
                if (previous >= 0) {
                    assertThat(to - previous).as("answer " + i + ": the next second, none skipped").isEqualTo(1000);
                }
                previous = to;
            }
            w.abort();
        }
    }

    @Test
    void missingCandlesAreFetchedAndAnUpdateFollowsOnlyWhenTheFetchWasStored(@TempDir Path data) throws Exception {
        long end = System.currentTimeMillis() / MIN * MIN;
        DataCatalog catalog = twoSymbols(data, end - 1440 * MIN, end);
        // an exchange that cannot be reached: the error names the symbol, and no update pretends history arrived
        CandleSource down = (e, sym, iv, from, to) -> {
            throw new java.io.IOException("api.binance.com: no such host");
        };
        try (MetricsService m = new MetricsService(catalog, new CandleStore(data, down), null, () -> end + 30_000);
             ApiServer server = serve(m)) {
            All l = new All();
            WebSocket w = connect(server.port(), TWO_DAYS_OF_TWO, l);
            JsonNode first = l.next(30);
            assertThat(first.get("reason").asText()).isEqualTo("first");
            assertThat(first.get("complete").asBoolean()).isFalse();
            assertThat(l.next(30).get("error").asText()).contains("binance:AAAUSDT candles failed", "no such host");
            assertThat(l.next(30).get("error").asText()).contains("binance:BBBUSDT candles failed");
            assertThat(l.messages.poll(2, TimeUnit.SECONDS)).as("nothing after the failed fetches until the next interval closes").isNull();
            w.abort();
        }
        // an exchange that answers: the fetched day is stored and the update says complete
        CandleSource up = (e, sym, iv, from, to) -> flat(from, to);
        try (MetricsService m = new MetricsService(catalog, new CandleStore(data, up), null, () -> end + 30_000);
             ApiServer server = serve(m)) {
            All l = new All();
            WebSocket w = connect(server.port(), TWO_DAYS_OF_TWO, l);
            assertThat(l.next(30).get("complete").asBoolean()).isFalse();
            JsonNode update = l.next(30);
            assertThat(update.get("reason").asText()).isEqualTo("history");
            assertThat(update.get("complete").asBoolean()).isTrue();
            assertThat(update.get("closes").asInt()).isEqualTo(2 * 1440);
            w.abort();
        }
    }

    @Test
    void everyClientIsAnsweredAtOnceWhileAFetchHangsAndEachMissingSymbolIsFetchedOnce(@TempDir Path data) throws Exception {
        long end = System.currentTimeMillis() / MIN * MIN;
        DataCatalog catalog = twoSymbols(data, end - 1440 * MIN, end);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger asked = new AtomicInteger();
        CandleSource slow = (e, sym, iv, from, to) -> {
            asked.incrementAndGet();
            try {
                release.await(60, TimeUnit.SECONDS); // an exchange that takes its time: retries, a long Retry-After
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
            }
            return flat(from, to);
        };
        // more clients than the machine has cores: none may wait for a worker held by a fetch
        int clients = Runtime.getRuntime().availableProcessors() + 2;
        try (MetricsService m = new MetricsService(catalog, new CandleStore(data, slow), null, () -> end + 30_000);
             ApiServer server = serve(m)) {
            List<All> listeners = new ArrayList<>();
            List<WebSocket> sockets = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                All l = new All();
                sockets.add(connect(server.port(), TWO_DAYS_OF_TWO, l));
                listeners.add(l);
            }
            for (All l : listeners) {
                JsonNode first = l.next(10);
                assertThat(first.get("reason").asText()).isEqualTo("first");
                assertThat(first.get("complete").asBoolean()).isFalse();
            }
            release.countDown();
            for (All l : listeners) {
                JsonNode update = l.next(30);
                assertThat(update.get("reason").asText()).isEqualTo("history");
                assertThat(update.get("complete").asBoolean()).as("what another client's fetch stored counts").isTrue();
            }
            assertThat(asked.get()).as("one request per missing symbol, not one per client").isEqualTo(2);
            sockets.forEach(WebSocket::abort);
        }
    }
}
