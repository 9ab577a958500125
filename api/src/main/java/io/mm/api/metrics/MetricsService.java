package io.mm.api.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mm.api.catalog.ApiException;
import io.mm.api.catalog.DataCatalog;
import io.mm.api.relay.Relay;
import io.mm.api.server.ApiSettings;
import io.mm.api.server.Query;
import io.mm.api.server.Route;
import io.mm.core.candle.Interval;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /metrics?exchange=&symbols=&interval=&window=&metric=}: correlation, covariance or volatility of log
 * returns of candle closes over a window, of one exchange's symbols or, named {@code exchange:SYMBOL}, of several. The first message answers at once from what is on disk and what the
 * live trades built; when candles were missing and can be fetched, an update follows once they are stored; then
 * an update at every interval close, the interval just closed built from the live trades. Closes are aligned on
 * the interval grid, an interval without a candle carrying the previous close (the way Binance and Kraken show
 * intervals without trades), and the window starts where every symbol has a close.
 */
public final class MetricsService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** After an interval closes, how long its last trades are given to reach the live files and the relay. */
    static final long CLOSE_LAG_MS = 1500;

    private final DataCatalog catalog;
    private final CandleStore store;
    private final Relay relay;
    private final LongSupplier clock;
    private final ExecutorService work;
    private final ScheduledExecutorService timer;
    private final CandleFetches fetches;
    /** Live closes per symbol key, one per interval length asked for; replaced, never changed, so a trade reads it without a lock. */
    private final Map<String, LiveCloses[]> live = new ConcurrentHashMap<>();

    public MetricsService(DataCatalog catalog, CandleStore store, Relay relay, LongSupplier wallMillis) {
        this.catalog = catalog;
        this.store = store;
        this.relay = relay;
        this.clock = wallMillis;
        this.work = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "metrics");
            t.setDaemon(true);
            return t;
        });
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metrics-timer");
            t.setDaemon(true);
            return t;
        });
        this.fetches = new CandleFetches(store, wallMillis);
        if (relay != null) {
            relay.listenTrades(this::onTrade);
        }
    }

    /** A live trade of the symbol {@code key} ({@code exchange:SYMBOL_FS}) at its exchange time. */
    void onTrade(String key, long tsUs, double price) {
        LiveCloses[] byIv = live.get(key);
        if (byIv == null) {
            return; // nobody asked for this symbol
        }
        long ms = Math.floorDiv(tsUs, 1000);
        for (LiveCloses c : byIv) {
            c.trade(ms, price);
        }
    }

    /** Room for the longest window a request may ask at {@code iv}, and the interval still open. */
    private LiveCloses liveCloses(String key, Interval iv) {
        long ms = iv.millis();
        return at(live.compute(key, (k, old) -> old != null && at(old, ms) != null ? old
                : append(old, new LiveCloses(ms, (int) Math.min(MetricsRequest.MAX_POINTS, MetricsRequest.MAX_WINDOW_MS / ms) + 1))), ms);
    }

    private static LiveCloses at(LiveCloses[] byIv, long ivMs) {
        for (LiveCloses c : byIv) {
            if (c.intervalMillis() == ivMs) {
                return c;
            }
        }
        return null;
    }

    private static LiveCloses[] append(LiveCloses[] byIv, LiveCloses c) {
        LiveCloses[] next = byIv == null ? new LiveCloses[1] : Arrays.copyOf(byIv, byIv.length + 1);
        next[next.length - 1] = c;
        return next;
    }

    /** The route for a server. */
    public Route route(ApiSettings settings) {
        return new Route() {
            @Override
            public boolean matches(String path) {
                return path.equals("/metrics");
            }

            @Override
            public boolean websocket() {
                return true;
            }

            @Override
            public Session upgrade(Query q) throws ApiException {
                MetricsRequest r = MetricsRequest.parse(catalog, q, settings.maxSymbols());
                for (DataCatalog.Entry e : r.symbols()) {
                    liveCloses(e.key(), r.interval());
                }
                if (relay != null) {
                    relay.call(v -> {
                        r.symbols().forEach(v::symbol); // tail them, for their live trades
                        return null;
                    });
                }
                return new Subscription(r);
            }
        };
    }

    /**
     * One client: its first answer, the update after a fetch, then one per interval close. A span that goes missing
     * later inside the window (the ledger shows a reconnect, a restart's minutes) is fetched at the next close; one
     * that runs to the window's end (no recorder now) is left to the next client's first answer, so that a stopped
     * recorder does not cost a request and a file each interval.
     */
    private final class Subscription implements Route.Session {
        private final MetricsRequest req;
        private volatile Channel ch;
        private volatile ScheduledFuture<?> next;
        private volatile boolean closed;

        Subscription(MetricsRequest req) {
            this.req = req;
        }

        @Override
        public void opened(Channel c) {
            ch = c;
            work.execute(() -> {
                Answer a = answer("first");
                if (a == null) {
                    return;
                }
                schedule();
                if (!a.missing.isEmpty() && store.canFetch()) {
                    fetch(a.missing, true);
                }
            });
        }

        /** The spans of {@code a} that end before its window does. */
        private Map<DataCatalog.Entry, List<long[]>> inside(Answer a) {
            Map<DataCatalog.Entry, List<long[]>> out = new java.util.LinkedHashMap<>();
            a.missing.forEach((e, spans) -> {
                List<long[]> in = spans.stream().filter(g -> g[1] < a.endMs).toList();
                if (!in.isEmpty()) {
                    out.put(e, in);
                }
            });
            return out;
        }

        /**
         * Fetches what is missing, apart from the answers. For the {@code first} answer an update follows any fetch that
         * ran and a fetch not asked (an earlier failure's pause) is told; at a close an update follows only candles
         * stored, and a pause already told is not told again.
         */
        private void fetch(Map<DataCatalog.Entry, List<long[]>> missing, boolean first) {
            List<CompletableFuture<Boolean>> jobs = new ArrayList<>();
            for (Map.Entry<DataCatalog.Entry, List<long[]>> m : missing.entrySet()) {
                DataCatalog.Entry e = m.getKey();
                jobs.add(fetches.fetch(e.exchange(), e.symbolFs(), e.name(), req.interval(), m.getValue()).handle((n, x) -> {
                    if (x == null) {
                        return first || n > 0;
                    }
                    Throwable why = x instanceof CompletionException && x.getCause() != null ? x.getCause() : x;
                    boolean paused = why instanceof CandleFetches.Paused;
                    if (paused) {
                        LOG.debug("{}: missing {} candles {}", e.key(), req.interval(), why.getMessage());
                    } else {
                        LOG.warn("{}: fetching missing {} candles failed: {}", e.key(), req.interval(), why.getMessage());
                    }
                    if (first || !paused) {
                        send(error("fetching " + e.key() + " candles failed: " + why.getMessage()));
                    }
                    return false;
                }));
            }
            CompletableFuture.allOf(jobs.toArray(CompletableFuture[]::new)).thenRunAsync(() -> {
                if (jobs.stream().anyMatch(CompletableFuture::join)) {
                    answer("history");
                }
            }, work);
        }

        private void schedule() {
            if (closed) {
                return;
            }
            long iv = req.interval().millis();
            long now = clock.getAsLong();
            // the next close whose lag has not passed: every interval gets its update, also one shorter than the lag
            long due = lastClosed(now, iv) + iv + CLOSE_LAG_MS;
            next = timer.schedule(() -> work.execute(() -> {
                Answer a = answer("interval_close");
                if (a != null && store.canFetch()) {
                    Map<DataCatalog.Entry, List<long[]>> in = inside(a);
                    if (!in.isEmpty()) {
                        fetch(in, false);
                    }
                }
                schedule();
            }), due - now, TimeUnit.MILLISECONDS);
        }

        private Answer answer(String why) {
            if (closed) {
                return null;
            }
            try {
                Answer a = compute(req, clock.getAsLong());
                a.json.put("reason", why);
                send(a.json.toString());
                return a;
            } catch (IOException | RuntimeException e) {
                String what = req.metric() + " of " + req.symbols().stream().map(DataCatalog.Entry::key).toList() + " (" + req.interval().name()
                        + ", " + req.windowText() + ")";
                if (e instanceof IOException) {
                    LOG.warn("{} could not be computed: {}", what, e.toString()); // a file or the disk: its message says which
                } else {
                    LOG.warn("{} could not be computed", what, e);
                }
                // clients see paths as under DATA_DIR, never where it is on the server
                String dir = catalog.dataDir().toAbsolutePath() + java.io.File.separator;
                send(error("metrics could not be computed: " + String.valueOf(e.getMessage()).replace(dir, "")));
                return null;
            }
        }

        private void send(String text) {
            Channel c = ch;
            if (c != null && c.isActive()) {
                c.writeAndFlush(new TextWebSocketFrame(text));
            }
        }

        @Override
        public void closed(Channel c) {
            closed = true;
            ScheduledFuture<?> f = next;
            if (f != null) {
                f.cancel(false);
            }
        }
    }

    private static String error(String message) {
        ObjectNode o = JSON.createObjectNode();
        o.put("v", 1);
        o.put("type", "error");
        o.put("error", message);
        return o.toString();
    }

    /** A computed answer, the end of its window ({@code to_ms}) and what was missing on disk. */
    private record Answer(ObjectNode json, long endMs, Map<DataCatalog.Entry, List<long[]>> missing) {}

    /**
     * The close of the newest interval closed at least {@link #CLOSE_LAG_MS} before {@code nowMs}: an interval that
     * closed later may still lack its last trades in the live files.
     */
    static long lastClosed(long nowMs, long ivMs) {
        return Math.floorDiv(nowMs - CLOSE_LAG_MS, ivMs) * ivMs;
    }

    /** The metric over the window that ends with the newest interval whose trades are all in ({@link #lastClosed}). */
    private Answer compute(MetricsRequest req, long nowMs) throws IOException {
        Interval iv = req.interval();
        long end = lastClosed(nowMs, iv.millis()); // exclusive: the open interval is not used
        long start = end - req.windowMs();
        int k = req.symbols().size();
        List<TreeMap<Long, Double>> series = new ArrayList<>(k);
        Map<DataCatalog.Entry, List<long[]>> missing = new java.util.LinkedHashMap<>();
        int local = 0;
        int exchange = 0;
        int fromLive = 0;
        for (DataCatalog.Entry e : req.symbols()) {
            CandleStore.Series s = store.load(e.exchange(), e.symbolFs(), iv, start, end);
            TreeMap<Long, Double> closes = s.closes();
            fromLive += liveCloses(e.key(), iv).fill(closes, start, end, s.liveMayFill());
            local += s.localCandles();
            exchange += s.exchangeCandles();
            List<long[]> gaps = new ArrayList<>();
            for (long[] g : s.missing()) {
                // what the live trades filled is not missing
                if (closes.subMap(g[0], g[1]).size() < (g[1] - g[0]) / iv.millis()) {
                    gaps.add(g);
                }
            }
            if (!gaps.isEmpty()) {
                missing.put(e, gaps);
            }
            series.add(closes);
        }
        double[][] grid = align(series, iv.millis(), start, end);
        ObjectNode o = JSON.createObjectNode();
        o.put("v", 1);
        o.put("type", "metrics");
        o.put("metric", req.metric());
        boolean oneExchange = req.symbols().stream().allMatch(e -> e.exchange() == req.symbols().get(0).exchange());
        o.put("exchange", oneExchange ? req.symbols().get(0).exchange().id() : null);
        ArrayNode names = o.putArray("symbols");
        req.symbols().forEach(e -> names.add(e.name()));
        ArrayNode exchanges = o.putArray("exchanges");
        req.symbols().forEach(e -> exchanges.add(e.exchange().id()));
        o.put("interval", iv.name());
        o.put("window", req.windowText());
        long firstOpen = grid.length == 0 ? end : end - (long) grid.length * iv.millis();
        o.put("from_ms", firstOpen);
        o.put("to_ms", end);
        o.put("closes", grid.length);
        o.put("returns", Math.max(0, grid.length - 1));
        ObjectNode src = o.putObject("candles");
        src.put("local", local);
        src.put("exchange", exchange);
        src.put("live", fromLive);
        o.put("complete", missing.isEmpty());
        double[][] r = Metrics.logReturns(grid);
        switch (req.metric()) {
            case "volatility" -> {
                double[] v = Metrics.volatility(r);
                ArrayNode a = o.putArray("values");
                ArrayNode y = o.putArray("annualized");
                for (double x : v) {
                    num(a, x);
                    num(y, Metrics.annualize(x, iv.millis()));
                }
            }
            case "covariance" -> matrix(o, Metrics.covariance(r));
            default -> matrix(o, Metrics.correlation(r));
        }
        return new Answer(o, end, missing);
    }

    /**
     * Closes on the grid {@code start, start + iv, ... < end}, each symbol's missing intervals carrying its previous
     * close; rows before every symbol has a close are left out.
     */
    static double[][] align(List<TreeMap<Long, Double>> series, long ivMs, long start, long end) {
        int k = series.size();
        int n = (int) ((end - start) / ivMs);
        double[] last = new double[k];
        java.util.Arrays.fill(last, Double.NaN);
        List<double[]> rows = new ArrayList<>(n);
        for (int j = 0; j < k; j++) {
            Map.Entry<Long, Double> before = series.get(j).lowerEntry(start);
            if (before != null) {
                last[j] = before.getValue();
            }
        }
        for (int i = 0; i < n; i++) {
            long t = start + i * ivMs;
            boolean all = true;
            for (int j = 0; j < k; j++) {
                Double c = series.get(j).get(t);
                if (c != null && c > 0) {
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

    private static void matrix(ObjectNode o, double[][] m) {
        ArrayNode rows = o.putArray("matrix");
        for (double[] row : m) {
            ArrayNode a = rows.addArray();
            for (double x : row) {
                num(a, x);
            }
        }
    }

    private static void num(ArrayNode a, double x) {
        if (Double.isFinite(x)) {
            a.add(x);
        } else {
            a.addNull();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        fetches.close();
        work.shutdownNow();
    }
}
