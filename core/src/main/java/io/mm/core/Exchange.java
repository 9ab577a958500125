package io.mm.core;

import java.util.Locale;

/** The exchanges the recorder speaks; {@link #id()} is the lower-case adapter id used in paths. */
public enum Exchange {
    BINANCE,
    KRAKEN,
    BITFINEX;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an adapter id case-insensitively; the message names the accepted values. */
    public static Exchange parse(String s) {
        if (s != null) {
            for (Exchange e : values()) {
                if (e.name().equalsIgnoreCase(s.trim())) {
                    return e;
                }
            }
        }
        throw new IllegalArgumentException("unknown exchange '" + s + "' (expected binance, kraken or bitfinex)");
    }
}
