package io.mm.api.cli;

import io.mm.core.candle.CandleSource;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/mm metrics}: correlation, covariance and volatility over candle windows, over WebSocket. */
@Command(name = "metrics", mixinStandardHelpOptions = true, footer = ServeOptions.ENGINES_AND_HISTORY,
        description = {"Stream correlation, covariance or volatility of candle-close returns (docs/ws_relay.md).",
                "ws://HOST:METRICS_PORT/metrics?exchange=binance&symbols=BTCUSDT,ETHUSDT&interval=1m&window=30d&metric=correlation "
                        + "(default port 8766)"})
public final class MetricsCommand implements Callable<Integer> {
    @Mixin
    ServeOptions options = new ServeOptions();
    @Option(names = "--duration", paramLabel = "S", description = "stop after S seconds (default: until Ctrl-C)")
    double duration;

    @Override
    public Integer call() throws Exception {
        return Commands.run(() -> options.resolve(System.getenv(), "METRICS_PORT", 8766), List.of(Serving.Part.METRICS),
                CandleSource.discover(System.getenv()), duration,
                p -> "metrics: ws://" + p.host() + ":" + p.port() + "/metrics?exchange=binance&symbols=BTCUSDT,ETHUSDT&interval=1m&window=30d"
                        + "&metric=correlation");
    }
}
