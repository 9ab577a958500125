package io.mm.api.cli;

import io.mm.api.book.SymbolBook;
import io.mm.api.metrics.CandleStore;
import io.mm.api.relay.Relay;
import io.mm.api.server.ApiSettings;
import io.mm.core.config.SettingsReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The settings every serving command shares, as environment variables and as flags (which win). The default
 * bind address is 127.0.0.1: {@code --host 0.0.0.0} opens a server to the network.
 */
public final class ServeOptions {
    /** Help footer of the books' commands: the settings read from the environment only (the flags have theirs). */
    static final String ENGINES = "%nAlso read from the environment: MAX_BUFFERED_UPDATES and KRAKEN_BOOK_DEPTH, as bin/mm record reads "
            + "them (the books are rebuilt with the recorder's engines; the book depth its ledger says it subscribed wins).";
    /** Help footer of the commands that serve /metrics: also where and how missing candles are fetched. */
    static final String ENGINES_AND_HISTORY = ENGINES + "%nFor /metrics' missing candles, as bin/mm history: BINANCE_REST_URL, "
            + "KRAKEN_REST_URL, BITFINEX_REST_URL, INSECURE_TLS, BINANCE_WEIGHT_LIMIT, KRAKEN_REST_SPACING_MS, BITFINEX_REST_SPACING_MS, "
            + "HISTORY_MAX_RETRIES, HISTORY_BACKOFF_MS, HISTORY_MAX_PAUSE_S (docs/ws_relay.md, docs/history.md).";

    @Option(names = "--data-dir", paramLabel = "DIR", description = "DATA_DIR: the recordings' root (default data)")
    String dataDir;
    @Option(names = "--host", paramLabel = "ADDR", description = "API_HOST: bind address (default 127.0.0.1)")
    String host;
    @Option(names = "--port", paramLabel = "N", description = "the port (each command's own variable and default; 0: any free port)")
    String port;
    @Option(names = "--token", paramLabel = "T", description = "API_TOKEN: require this token (Authorization: Bearer T, or token=T)")
    String token;
    @Option(names = "--allowed-origins", paramLabel = "LIST", description = "ALLOWED_ORIGINS: browser origins allowed besides the "
            + "server's own, comma-separated, or * (default none)")
    String origins;
    @Option(names = "--max-clients", paramLabel = "N", description = "API_MAX_CLIENTS: WebSocket clients at most, 503 beyond (default 5000)")
    String maxClients;
    @Option(names = "--max-symbols", paramLabel = "N", description = "API_MAX_SYMBOLS: symbols one request may name (default 20)")
    String maxSymbols;
    @Option(names = "--ping-interval-s", paramLabel = "S", description = "API_PING_INTERVAL_S: ping WebSocket clients every S seconds (default 20)")
    String ping;
    @Option(names = "--idle-timeout-s", paramLabel = "S", description = "API_IDLE_TIMEOUT_S: close a client silent this long, pongs "
            + "included (default 60)")
    String idle;
    @Option(names = "--client-queue-kb", paramLabel = "KB", description = "API_CLIENT_QUEUE_KB: a client's bounded queue; a client "
            + "behind by more is sent 'dropped' and closed (default 1024)")
    String queue;
    @Option(names = "--poll-ms", paramLabel = "MS", description = "RELAY_POLL_MS: how often the live files are read (default 10)")
    String poll;
    @Option(names = "--coverage-margin-ms", paramLabel = "MS", description = "COVERAGE_MARGIN_MS: the metrics trust candles built from "
            + "recorded trades this far inside the spans the recorder listened to, as bin/mm combine does (default 1000)")
    String coverageMargin;
    @Option(names = "--metrics-cache-mb", paramLabel = "MB", description = "METRICS_CACHE_MB: what the metrics keep in memory of the "
            + "candle and trades files they read, the least recently used let go first (default 256)")
    String metricsCache;

    /** Resolved settings; bad values name their variable and flag. */
    /** @param portSetting the setting that chose {@code api.port()}, for messages ("SERVE_PORT (--port)") */
    public record Resolved(SettingsReader settings, Path dataDir, ApiSettings api, Relay.Settings relay, long coverageMarginMs,
                           long metricsCacheBytes, String portSetting) {}

    public Resolved resolve(Map<String, String> env, String portVariable, int defaultPort) {
        SettingsReader k = new SettingsReader(env).flag("DATA_DIR", "--data-dir", dataDir).flag("API_HOST", "--host", host)
                .flag(portVariable, "--port", port).flag("API_TOKEN", "--token", token).flag("ALLOWED_ORIGINS", "--allowed-origins", origins)
                .flag("API_MAX_CLIENTS", "--max-clients", maxClients).flag("API_MAX_SYMBOLS", "--max-symbols", maxSymbols)
                .flag("API_PING_INTERVAL_S", "--ping-interval-s", ping).flag("API_IDLE_TIMEOUT_S", "--idle-timeout-s", idle)
                .flag("API_CLIENT_QUEUE_KB", "--client-queue-kb", queue).flag("RELAY_POLL_MS", "--poll-ms", poll)
                .flag("COVERAGE_MARGIN_MS", "--coverage-margin-ms", coverageMargin)
                .flag("METRICS_CACHE_MB", "--metrics-cache-mb", metricsCache);
        String o = k.string("ALLOWED_ORIGINS", "");
        List<String> allowed = o.isBlank() ? List.of() : Arrays.stream(o.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> origin(s, k.describe("ALLOWED_ORIGINS"))).toList();
        int idleS = k.integer("API_IDLE_TIMEOUT_S", 60, 1, 86_400);
        int pingS = k.integer("API_PING_INTERVAL_S", 20, 1, 86_400);
        if (pingS >= idleS) {
            throw new IllegalArgumentException(k.describe("API_PING_INTERVAL_S") + " " + pingS + " must be below "
                    + k.describe("API_IDLE_TIMEOUT_S") + " " + idleS + ": clients answer pings to stay open");
        }
        ApiSettings api = new ApiSettings(k.string("API_HOST", "127.0.0.1"), k.integer(portVariable, defaultPort, 0, 65_535),
                emptyToNull(k.string("API_TOKEN", null)), allowed, k.integer("API_MAX_CLIENTS", 5000, 1, 1_000_000),
                k.integer("API_MAX_SYMBOLS", 20, 1, 1000), 2048, pingS, idleS, k.integer("API_CLIENT_QUEUE_KB", 1024, 16, 1 << 20) << 10);
        int krakenDepth = k.integer("KRAKEN_BOOK_DEPTH", 10, 10, 1000);
        SymbolBook.EngineSettings engines = new SymbolBook.EngineSettings(k.integer("MAX_BUFFERED_UPDATES", 10_000, 16, 10_000_000),
                krakenDepth, 25, 2_000_000);
        Relay.Settings d = Relay.Settings.defaults();
        Relay.Settings relay = new Relay.Settings(k.integer("RELAY_POLL_MS", 10, 1, 10_000), d.holdMillis(), d.scanMillis(), engines);
        long margin = k.longInteger("COVERAGE_MARGIN_MS", CandleStore.DEFAULT_MARGIN_MS, 0, 3_600_000);
        long cacheBytes = (long) k.integer("METRICS_CACHE_MB", (int) (CandleStore.DEFAULT_CACHE_BYTES >> 20), 16, 1 << 20) << 20;
        return new Resolved(k, Paths.get(k.string("DATA_DIR", "data")), api, relay, margin, cacheBytes, k.describe(portVariable));
    }

    /**
     * An allowed origin as browsers send it ({@code scheme://host[:port]}, lower case, no default port, no path), or
     * {@code *}: an entry that is no origin would never match, so it is refused instead of silently blocking a page.
     */
    static String origin(String entry, String setting) {
        if (entry.equals("*")) {
            return entry;
        }
        String hint = setting + " '" + entry + "' is not an origin: scheme://host[:port], e.g. https://example.com, or *";
        URI u;
        try {
            u = new URI(entry);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(hint);
        }
        String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
        boolean web = "http".equals(scheme) || "https".equals(scheme);
        boolean bare = (u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/")) && u.getRawQuery() == null
                && u.getRawFragment() == null && u.getRawUserInfo() == null;
        if (!web || u.getHost() == null || !bare) {
            throw new IllegalArgumentException(hint);
        }
        int port = u.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
