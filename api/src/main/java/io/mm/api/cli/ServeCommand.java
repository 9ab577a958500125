package io.mm.api.cli;

import io.mm.core.candle.CandleSource;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/mm serve}: the relay, the REST book, the metrics and the live web page on one port. */
@Command(name = "serve", mixinStandardHelpOptions = true, footer = ServeOptions.ENGINES_AND_HISTORY,
        description = {"Serve the live web page, the relay, the REST book and the metrics on one port.",
                "Paths: / (page), /ws (relay), /book, /symbols, /health (REST), /metrics; port SERVE_PORT, default 8080;",
                "docs/ws_relay.md."})
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    ServeOptions options = new ServeOptions();
    @Option(names = "--duration", paramLabel = "S", description = "stop after S seconds (default: until Ctrl-C)")
    double duration;

    @Override
    public Integer call() throws Exception {
        return Commands.run(() -> options.resolve(System.getenv(), "SERVE_PORT", 8080),
                List.of(Serving.Part.RELAY, Serving.Part.REST, Serving.Part.METRICS, Serving.Part.WEB),
                CandleSource.discover(System.getenv()), duration,
                p -> "serve: http://" + p.host() + ":" + p.port() + "/");
    }
}
