package io.mm.simulator.capture;

import io.mm.core.Exchange;

/**
 * One line of a capture: when it was received, whether it came over WebSocket or REST, the simulator path it
 * belongs to (exchange prefix + the exchange's own path and query, e.g. {@code /binance/stream?streams=...},
 * {@code /kraken/v2}, {@code /binance/api/v3/depth?symbol=BTCUSDT&limit=1000}) and the payload as received.
 */
public record CaptureLine(long tsMs, Kind kind, String path, String msg) {
    public enum Kind {
        WS,
        REST
    }

    /** The exchange whose prefix starts the path. */
    public Exchange exchange() {
        for (Exchange e : Exchange.values()) {
            if (path.startsWith("/" + e.id() + "/") || path.equals("/" + e.id())) {
                return e;
            }
        }
        throw new IllegalArgumentException("path '" + path + "' does not start with /binance, /kraken or /bitfinex");
    }

    /** The path below the exchange prefix, without the query. */
    public String route() {
        String below = path.substring(exchange().id().length() + 1);
        int q = below.indexOf('?');
        return q < 0 ? below : below.substring(0, q);
    }
}
