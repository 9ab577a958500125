package io.mm.api.cli;

import io.mm.api.client.ReconnectingClient;
import io.mm.core.config.SettingsReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/** What both clients share: the server, the token, when to stop, the reconnect backoff. */
final class ClientOptions {
    @Option(names = "--exchange", paramLabel = "NAME", description = "EXCHANGE: binance, kraken or bitfinex (default binance)")
    String exchange;
    @Option(names = "--token", paramLabel = "T", description = "API_TOKEN, sent as Authorization: Bearer T")
    String token;
    @Option(names = "--count", paramLabel = "N", description = "stop after N messages (default: never)")
    long count;
    @Option(names = "--duration", paramLabel = "S", description = "stop after S seconds (default: never)")
    double duration;
    @Option(names = "--reconnect-backoff-s", paramLabel = "S", description = "first wait before reconnecting, doubled up to 30 s (default 1)")
    double backoff = 1;

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    int run(Map<String, String> env, String base, String query) throws InterruptedException {
        SettingsReader k = new SettingsReader(env).flag("API_TOKEN", "--token", token);
        URI uri;
        try {
            uri = URI.create(base + (base.contains("?") ? "&" : "?") + query);
        } catch (IllegalArgumentException e) {
            System.err.println("mm: not a URL: " + base + " (" + e.getMessage() + ")");
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
        return 0;
    }
}
