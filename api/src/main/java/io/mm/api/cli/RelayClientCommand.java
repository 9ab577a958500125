package io.mm.api.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/mm relay-client}: prints what the relay sends, one JSON message a line, reconnecting ({@code ws_clients/relay_client.py}). */
@Command(name = "relay-client", mixinStandardHelpOptions = true,
        description = "Print a relay's messages for some symbols, one JSON object a line; reconnects after a close (docs/client_connection_guide.md).")
public final class RelayClientCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client = new ClientOptions();
    @Option(names = "--url", paramLabel = "URL", description = "RELAY_URL: the relay endpoint (default ws://127.0.0.1:8765/ws)")
    String url;
    @Option(names = "--symbol", paramLabel = "S", split = ",", description = "SYMBOL: one or more symbols, of --exchange or as exchange:SYMBOL (default BTCUSDT)")
    List<String> symbols;
    @Option(names = "--raw", description = "ask for the exchange frames too")
    boolean raw;

    @Override
    public Integer call() throws Exception {
        java.util.Map<String, String> env = System.getenv();
        String base = url != null ? url : env.getOrDefault("RELAY_URL", "ws://127.0.0.1:8765/ws");
        ClientOptions.Query q = new ClientOptions.Query().put("exchange", client.exchange, env.getOrDefault("EXCHANGE", "binance"))
                .put("symbol", symbols == null ? null : String.join(",", symbols), env.getOrDefault("SYMBOL", "BTCUSDT"))
                .put("raw", raw ? "1" : null, null);
        return client.run(env, base, q);
    }
}
