package io.mm.api.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/mm relay}: the WebSocket relay of the recorder's live files ({@code python -m mm_api.relay}). */
@Command(name = "relay", mixinStandardHelpOptions = true, footer = ServeOptions.ENGINES,
        description = {"Stream live books, diffs and trades from the recorder's files over WebSocket (docs/ws_relay.md).",
                "ws://HOST:RELAY_PORT/ws?exchange=binance&symbol=BTCUSDT (default port 8765)"})
public final class RelayCommand implements Callable<Integer> {
    @Mixin
    ServeOptions options = new ServeOptions();
    @Option(names = "--duration", paramLabel = "S", description = "stop after S seconds (default: until Ctrl-C)")
    double duration;

    @Override
    public Integer call() throws Exception {
        return Commands.run(() -> options.resolve(System.getenv(), "RELAY_PORT", 8765), List.of(Serving.Part.RELAY), null, duration,
                p -> "relay: ws://" + p.host() + ":" + p.port() + "/ws?exchange=binance&symbol=BTCUSDT");
    }
}
