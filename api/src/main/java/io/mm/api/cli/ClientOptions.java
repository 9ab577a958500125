package io.mm.api.cli;

import io.mm.api.client.ReconnectingClient;
import io.mm.core.config.SettingsReader;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/** What both clients share: the server, the token, when to stop, the reconnect backoff. */
final class ClientOptions {
    @Option(names = "--exchange", paramLabel = "NAME", description = "EXCHANGE: binance, kraken or bitfinex (default binance)")
    String exchange;
    @Option(names = "--token", paramLabel = "T", description = "API_TOKEN, sent as Authorization: Bearer T")
    String token;
    @Option(names = "--count", paramLabel = "N", description = "stop after N messages (default 0: never)")
    long count;
    @Option(names = "--duration", paramLabel = "S", description = "stop after S seconds (default 0: never)")
    double duration;
    @Option(names = "--reconnect-backoff-s", paramLabel = "S", description = "first wait before reconnecting, doubled up to 30 s (default 1)")
    double backoff = 1;

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A request's parameters in order, and which of them the user typed as flags (the others are defaults). */
    static final class Query {
        final Map<String, String> values = new LinkedHashMap<>();
        final Set<String> typed = new HashSet<>();

        /** {@code value} as typed, else {@code fallback}; neither: the parameter is not sent. */
        Query put(String key, String value, String fallback) {
            if (value != null) {
                values.put(key, value);
                typed.add(key);
            } else if (fallback != null) {
                values.put(key, fallback);
            }
            return this;
        }
    }

    /**
     * The URL asked: {@code base} with each parameter its query does not already give ({@code symbol} and
     * {@code symbols} count as one). A parameter both in the URL and typed as a flag is a conflict, not a choice to
     * make silently.
     */
    static String url(String base, Query query) {
        Set<String> given = new HashSet<>();
        int q = base.indexOf('?');
        if (q >= 0) {
            for (String pair : base.substring(q + 1).split("&")) {
                given.add(alias(URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8)));
            }
        }
        StringBuilder url = new StringBuilder(base);
        char sep = q >= 0 ? '&' : '?';
        for (Map.Entry<String, String> p : query.values.entrySet()) {
            if (given.contains(alias(p.getKey()))) {
                if (query.typed.contains(p.getKey())) {
                    throw new IllegalArgumentException("--" + p.getKey() + " and the URL's '" + p.getKey() + "' parameter both say which; give one");
                }
                continue;
            }
            url.append(sep).append(enc(p.getKey())).append('=').append(enc(p.getValue()));
            sep = '&';
        }
        return url.toString();
    }

    private static String alias(String key) {
        return "symbol".equals(key) ? "symbols" : key;
    }

    /** What is wrong with the numbers given, or null. */
    String problem() {
        if (count < 0) {
            return "--count must be 0 (never stop) or more, not " + count;
        }
        if (!(duration >= 0) || Double.isInfinite(duration)) {
            return "--duration must be 0 (never stop) or more seconds, not " + duration;
        }
        if (!(backoff > 0) || backoff > 3600) {
            return "--reconnect-backoff-s must be above 0 and at most 3600 seconds, not " + backoff;
        }
        return null;
    }

    int run(Map<String, String> env, String base, Query query) throws InterruptedException {
        String bad = problem();
        if (bad != null) {
            System.err.println("mm: " + bad);
            return 2;
        }
        SettingsReader k = new SettingsReader(env).flag("API_TOKEN", "--token", token);
        URI uri;
        try {
            uri = URI.create(url(base, query));
        } catch (IllegalArgumentException e) {
            System.err.println("mm: " + (e.getMessage().startsWith("--") ? e.getMessage() : "not a URL: " + base + " (" + e.getMessage() + ")"));
            return 2;
        }
        if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
            System.err.println("mm: " + base + " is not a ws:// or wss:// URL");
            return 2;
        }
        ReconnectingClient c = new ReconnectingClient(uri, k.string("API_TOKEN", null), System.out, System.err, count > 0 ? count : Long.MAX_VALUE,
                Duration.ofMillis((long) (backoff * 1000)), Duration.ofSeconds(30));
        Runtime.getRuntime().addShutdownHook(new Thread(c::stop, "client-stop"));
        c.run(duration > 0 ? Duration.ofMillis((long) (duration * 1000)) : Duration.ZERO);
        if (c.refusal() != null) {
            System.err.println("mm: " + uri + " refused the request: " + c.refusal());
            return 2;
        }
        return 0;
    }
}
