package io.mm.api.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/mm rest}: the current book over HTTP ({@code python -m mm_api.rest}). */
@Command(name = "rest", mixinStandardHelpOptions = true, footer = ServeOptions.ENGINES,
        description = {"Serve GET /book?exchange=&symbol=&depth=, /symbols and /health from the recorder's files (docs/ws_relay.md).",
                "http://HOST:REST_PORT/book?exchange=binance&symbol=BTCUSDT&depth=20 (default port 8767)"})
public final class RestCommand implements Callable<Integer> {
    @Mixin
    ServeOptions options = new ServeOptions();
    @Option(names = "--duration", paramLabel = "S", description = "stop after S seconds (default: until Ctrl-C)")
    double duration;

    @Override
    public Integer call() throws Exception {
        return Commands.run(() -> options.resolve(System.getenv(), "REST_PORT", 8767), List.of(Serving.Part.REST), null, duration,
                p -> "rest: http://" + p.host() + ":" + p.port() + "/book?exchange=binance&symbol=BTCUSDT&depth=20");
    }
}
