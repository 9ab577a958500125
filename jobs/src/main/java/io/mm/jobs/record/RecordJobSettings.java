package io.mm.jobs.record;

import io.mm.core.Exchange;
import io.mm.core.config.SettingsReader;
import io.mm.core.contract.SymbolGrammar;
import io.mm.operators.RecorderSettings;
import io.mm.rest.RestEndpoints;
import io.mm.rest.RestLimits;
import io.mm.sinks.day.DayFileSinkSettings;
import io.mm.sources.ws.WebSocketSettings;
import java.io.Serializable;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Everything one recorder run needs, read from the original's environment variables and {@code bin/mm record}
 * flags, checked up front so a bad value stops the start with a message naming the setting.
 */
public final class RecordJobSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public final Map<Exchange, List<String>> symbols;
    public final Path dataDir;
    public final Path checkpointDir;
    public final int checkpointIntervalSec;
    public final int parallelism;
    /** Restarts after failures before the job gives up (reset after an hour without a failure). */
    public final int restartAttempts;
    public final RecorderSettings operator;
    public final DayFileSinkSettings sink;
    public final WebSocketSettings ws;
    public final RestEndpoints rest;
    public final RestLimits restLimits;

    private RecordJobSettings(Map<Exchange, List<String>> symbols, Path dataDir, Path checkpointDir, int checkpointIntervalSec,
                           int parallelism, int restartAttempts, RecorderSettings operator, DayFileSinkSettings sink, WebSocketSettings ws,
                           RestEndpoints rest, RestLimits restLimits) {
        this.symbols = symbols;
        this.dataDir = dataDir;
        this.checkpointDir = checkpointDir;
        this.checkpointIntervalSec = checkpointIntervalSec;
        this.parallelism = parallelism;
        this.restartAttempts = restartAttempts;
        this.operator = operator;
        this.sink = sink;
        this.ws = ws;
        this.rest = rest;
        this.restLimits = restLimits;
    }

    /**
     * @param runId             identifies the run in the ledgers
     * @param clockAnchorMillis the wall clock at job start (anchors a driven {@code MM_CLOCK})
     */
    /** How often live lines are written to the live files by default: a relay's latency starts with it (docs/benchmarks.md). */
    static final int LIVE_FLUSH_MS = 50;

    public static RecordJobSettings from(SettingsReader k, String runId, long clockAnchorMillis) {
        Map<Exchange, List<String>> symbols = parseSymbols(k);
        Path dataDir = Paths.get(k.string("DATA_DIR", "data"));
        Path checkpoints = Paths.get(k.string("CHECKPOINT_DIR", dataDir.resolve(".checkpoints").toString()));
        String clock = k.string("MM_CLOCK", "system");
        try {
            io.mm.core.clock.RecorderClock.parse(clock, clockAnchorMillis);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(k.describe("MM_CLOCK") + ": " + e.getMessage());
        }
        int depthLevels = k.integer("DEPTH_LEVELS", 20, 1, 1000);
        int krakenDepth = k.integer("KRAKEN_BOOK_DEPTH", 10, 10, 1000);
        if (!List.of(10, 25, 100, 500, 1000).contains(krakenDepth)) {
            throw new IllegalArgumentException(k.describe("KRAKEN_BOOK_DEPTH") + " " + krakenDepth + " is not one of 10, 25, 100, 500, 1000");
        }
        int snapshotLimit = k.integer("SNAPSHOT_LIMIT", 1000, 1, 5000);
        int flushSec = k.integer("BUFFER_FLUSH_INTERVAL_SEC", 10, 1, 3600);

        // the window is checked by parsing it
        String tz = k.string("WINDOW_TZ", io.mm.core.window.TradingWindow.DEFAULT_TZ);
        String start = k.string("WINDOW_START_HHMM", "00:00");
        String end = k.string("WINDOW_END_HHMM", "00:15");
        String offset = k.string("WINDOW_END_DAY_OFFSET", "1");
        io.mm.core.window.TradingWindow.parse(tz, start, end, offset);

        RecorderSettings op = new RecorderSettings(runId, depthLevels, k.bool("STORE_DEPTH_DIFFS", true), k.bool("LIVE_STREAM", true),
                k.integer("HEARTBEAT_SEC", 60, 0, 86_400), k.integer("SYNC_WARN_AFTER_SEC", 30, 0, 86_400),
                k.integer("BOOK_SNAPSHOT_INTERVAL_S", 3600, 0, 86_400), snapshotLimit, krakenDepth, 25,
                k.integer("MAX_BUFFERED_UPDATES", 10_000, 16, 10_000_000), tz, start, end, offset, clock, clockAnchorMillis, false);

        DayFileSinkSettings sink = new DayFileSinkSettings(dataDir.toAbsolutePath().toString(), depthLevels,
                k.integer("ORDERBOOK_BUFFER_ROWS", 5_000, 1, 10_000_000), k.integer("TRADES_BUFFER_ROWS", 5_000, 1, 10_000_000),
                (long) k.integer("SINK_BUFFER_MB", 64, 1, 65_536) << 20, k.integer("GZIP_LEVEL", 5, 1, 9), k.bool("SINK_FSYNC", true),
                "filesystem".equals(k.choice("SINK_FSYNC_SCOPE", "filesystem", "filesystem", "files")),
                k.integer("SINK_COMMIT_THREADS", 4, 1, 64),
                3_600_000L, (long) k.seconds("LIVE_STREAM_ROTATE_S", 60, 1), (long) k.seconds("LIVE_STREAM_RETENTION_S", 3600, 1),
                k.integer("LIVE_STREAM_FLUSH_MS", LIVE_FLUSH_MS, 1, 60_000));

        WebSocketSettings ws = new WebSocketSettings(
                k.url("BINANCE_WS_URL", WebSocketSettings.BINANCE_WS, true),
                k.url("KRAKEN_WS_URL", WebSocketSettings.KRAKEN_WS, true),
                k.url("BITFINEX_WS_URL", WebSocketSettings.BITFINEX_WS, true),
                k.seconds("WS_PING_INTERVAL_S", 20, 1), k.seconds("WS_PING_TIMEOUT_S", 10, 1),
                k.seconds("WS_RECONNECT_BACKOFF_S", 1, 0.01), k.seconds("WS_RECONNECT_BACKOFF_MAX_S", 60, 0.01),
                k.seconds("WS_MAX_SESSION_S", 23.5 * 3600, 1), k.seconds("WS_OPEN_TIMEOUT_S", 10, 0.1), k.seconds("WS_NO_DATA_WARN_S", 30, 0),
                k.bool("INSECURE_TLS", false), k.integer("WS_QUEUE_CAPACITY", 20_000, 16, 10_000_000),
                k.integer("MAX_BUFFER_WARN", 10_000, 1, 10_000_000), 2_000, krakenDepth, 25, clock, clockAnchorMillis, String.join(",", tz, start, end, offset));
        if (ws.reconnectBackoffMaxS() < ws.reconnectBackoffS()) {
            throw new IllegalArgumentException(k.describe("WS_RECONNECT_BACKOFF_MAX_S") + " " + ws.reconnectBackoffMaxS()
                    + " is below WS_RECONNECT_BACKOFF_S " + ws.reconnectBackoffS());
        }
        RestEndpoints rest = RestEndpoints.from(k);
        RestLimits limits = new RestLimits(k.integer("BINANCE_WEIGHT_LIMIT", 4800, 1, 1_000_000), 20, 1000, 1000, 10_000);
        int parallelism = k.integer("PARALLELISM", Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4)), 1, 1024);
        int restarts = k.integer("RESTART_ATTEMPTS", 10, 0, 1_000_000);
        return new RecordJobSettings(symbols, dataDir, checkpoints, flushSec, parallelism, restarts, op, sink, ws, rest, limits);
    }

    /** Settings that work but likely not as meant: one line each, for the console at the start. */
    public List<String> advice() {
        List<String> lines = new ArrayList<>();
        if (ws.noDataWarnS() > 0 && ws.pingIntervalS() >= ws.noDataWarnS()) {
            lines.add("WS_PING_INTERVAL_S " + seconds(ws.pingIntervalS()) + " is not below WS_NO_DATA_WARN_S " + seconds(ws.noDataWarnS())
                    + ": a connection whose symbols are quiet for that long is taken as stalled (a stall gap and a reconnect)");
        }
        return lines;
    }

    private static String seconds(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }

    public static String newRunId() {
        return UUID.randomUUID().toString().substring(0, 13);
    }

    /**
     * {@code SYMBOL}: a comma list; {@code exchange:symbol} entries pick their exchange, others use
     * {@code EXCHANGE} (default binance). Case-insensitive: Binance {@code ethusdt -> ETHUSDT}, Kraken
     * {@code btc/usd -> BTC/USD}, Bitfinex {@code btcusd} or {@code tBTCUSD -> tBTCUSD}.
     */
    static Map<Exchange, List<String>> parseSymbols(SettingsReader k) {
        String raw = k.string("SYMBOL", null);
        if (raw == null) {
            throw new IllegalArgumentException(k.describe("SYMBOL") + " is required, e.g. SYMBOL=BTCUSDT or "
                    + "SYMBOL=binance:BTCUSDT,kraken:BTC/USD,bitfinex:tBTCUSD");
        }
        Exchange defaultExchange;
        try {
            defaultExchange = Exchange.parse(k.string("EXCHANGE", "binance"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(k.describe("EXCHANGE") + ": " + e.getMessage());
        }
        Map<Exchange, Set<String>> out = new LinkedHashMap<>();
        for (String part : raw.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            Exchange ex = defaultExchange;
            int colon = p.indexOf(':');
            if (colon > 0) {
                String prefix = p.substring(0, colon);
                Exchange named;
                try {
                    // Bitfinex symbols may contain ':' (tTESTBTC:TESTUSD): there a prefix naming no exchange is the symbol's
                    named = defaultExchange == Exchange.BITFINEX ? Exchange.find(prefix) : Exchange.parse(prefix);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(k.describe("SYMBOL") + " entry '" + part.trim() + "': " + e.getMessage());
                }
                if (named != null) {
                    ex = named;
                    p = p.substring(colon + 1).trim();
                }
            }
            out.computeIfAbsent(ex, x -> new LinkedHashSet<>()).add(normalize(k, ex, p));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(k.describe("SYMBOL") + " '" + raw + "' names no symbol");
        }
        Map<Exchange, List<String>> lists = new LinkedHashMap<>();
        out.forEach((e, s) -> lists.put(e, new ArrayList<>(s)));
        return lists;
    }

    /** Each exchange's symbol grammar, with or without the check against its symbol list ({@link SymbolGrammar}). */
    static String normalize(SettingsReader k, Exchange ex, String s) {
        try {
            return SymbolGrammar.normalize(ex, s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(k.describe("SYMBOL") + " " + e.getMessage());
        }
    }

    public int symbolCount() {
        return symbols.values().stream().mapToInt(List::size).sum();
    }

    public Duration checkpointInterval() {
        return Duration.ofSeconds(checkpointIntervalSec);
    }
}
