package io.mm.simulator;

/**
 * Where a running simulator serves each exchange, in the form the recorder's and the history clients'
 * settings take them ({@code BINANCE_WS_URL}, {@code KRAKEN_WS_URL}, ...).
 *
 * @param binanceWs  {@code ws://host:port/binance} ({@code /ws/...} and {@code /stream?...} are appended)
 * @param krakenWs   {@code ws://host:port/kraken/v2} (the full endpoint)
 * @param bitfinexWs {@code ws://host:port/bitfinex/ws/2} (the full endpoint)
 * @param control    {@code http://host:port/control}
 */
public record SimulatorUrls(String binanceWs, String binanceRest, String krakenWs, String krakenRest, String bitfinexWs,
                            String bitfinexRest, String control) {

    public static SimulatorUrls of(String host, int port) {
        String h = host.contains(":") ? "[" + host + "]" : host;
        String http = "http://" + h + ":" + port;
        String ws = "ws://" + h + ":" + port;
        return new SimulatorUrls(ws + "/binance", http + "/binance", ws + "/kraken/v2", http + "/kraken", ws + "/bitfinex/ws/2",
                http + "/bitfinex", http + "/control");
    }

    /** The environment a recorder or history job needs to use this simulator instead of the exchanges. */
    public java.util.Map<String, String> environment() {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("BINANCE_WS_URL", binanceWs);
        env.put("BINANCE_REST_URL", binanceRest);
        env.put("KRAKEN_WS_URL", krakenWs);
        env.put("KRAKEN_REST_URL", krakenRest);
        env.put("BITFINEX_WS_URL", bitfinexWs);
        env.put("BITFINEX_REST_URL", bitfinexRest);
        return env;
    }
}
