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
    @Option(names = "--symbols", paramLabel = "S", split = ",", description = "the symbols, of --exchange or as exchange:SYMBOL (default BTCUSDT,ETHUSDT)")
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
        ClientOptions.Query q = new ClientOptions.Query().put("exchange", client.exchange, env.getOrDefault("EXCHANGE", "binance"))
                .put("symbols", symbols == null ? null : String.join(",", symbols), "BTCUSDT,ETHUSDT")
                .put("interval", interval, "1m").put("window", window, "30d").put("metric", metric, "correlation");
        return client.run(env, base, q);
    }
}
