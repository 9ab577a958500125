package io.mm.core.kraken;

import java.util.Map;

/**
 * Kraken's legacy asset names (its REST API and WS v1: XBT, XDG) and the WS v2 names (BTC, DOGE) the recorder
 * subscribes with and its directories carry: no WS v2 pair uses a legacy name.
 */
public final class KrakenLegacyNames {
    private static final Map<String, String> V2 = Map.of("XBT", "BTC", "XDG", "DOGE");

    private KrakenLegacyNames() {}

    /** {@code BASE/QUOTE} with each legacy asset name replaced by its WS v2 name ({@code XBT/USD} -> {@code BTC/USD}); anything else as given. */
    public static String toV2(String pair) {
        int slash = pair.indexOf('/');
        if (slash < 0) {
            return pair;
        }
        String base = pair.substring(0, slash);
        String quote = pair.substring(slash + 1);
        return V2.getOrDefault(base, base) + "/" + V2.getOrDefault(quote, quote);
    }

    /** Text without separators (a {@code SYMBOL_FS} such as {@code XBTUSD}) with every legacy name replaced: for comparing, not for requests. */
    public static String replaceIn(String text) {
        String s = text;
        for (Map.Entry<String, String> e : V2.entrySet()) {
            s = s.replace(e.getKey(), e.getValue());
        }
        return s;
    }
}
