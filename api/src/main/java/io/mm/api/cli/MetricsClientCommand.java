package io.mm.api.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/mm metrics-client}: prints what the metrics server sends, reconnecting ({@code ws_clients/metrics_client.py}). */
@Command(name = "metrics-client", mixinStandardHelpOptions = true,
        description = "Print a metrics stream, one JSON object a line; reconnects after a close (docs/client_connection_guide.md).")
public final class MetricsClientCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client = new ClientOptions();
    @Option(names = "--url", paramLabel = "URL", description = "METRICS_URL: the metrics endpoint (default ws://127.0.0.1:8766/metrics)")
    String url;
    @Option(names = "--symbols", paramLabel = "S", split = ",", description = "the symbols (default BTCUSDT,ETHUSDT)")
    List<String> symbols;
    @Option(names = "--interval", paramLabel = "IV", description = "candle interval (default 1m)")
    String interval;
    @Option(names = "--window", paramLabel = "W", description = "window: 90m, 12h, 30d (default 30d)")
    String window;
    @Option(names = "--metric", paramLabel = "M", description = "correlation, covariance or volatility (default correlation)")
    String metric;

    @Override
    public Integer call() throws Exception {
        java.util.Map<String, String> env = System.getenv();
        String base = url != null ? url : env.getOrDefault("METRICS_URL", "ws://127.0.0.1:8766/metrics");
        java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
        params.put("exchange", client.exchange != null ? client.exchange : env.getOrDefault("EXCHANGE", "binance"));
        params.put("symbols", String.join(",", symbols != null ? symbols : List.of("BTCUSDT", "ETHUSDT")));
        params.put("interval", interval != null ? interval : "1m");
        params.put("window", window != null ? window : "30d");
        params.put("metric", metric != null ? metric : "correlation");
        java.util.Set<String> explicit = new java.util.HashSet<>();
        if (client.exchange != null) {
            explicit.add("exchange");
        }
        if (symbols != null) {
            explicit.add("symbols");
        }
        if (interval != null) {
            explicit.add("interval");
        }
        if (window != null) {
            explicit.add("window");
        }
        if (metric != null) {
            explicit.add("metric");
        }
        return client.run(env, base, params, explicit);
    }
}
