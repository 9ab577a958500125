package io.mm.core;

import java.util.Locale;

/** The exchanges the recorder speaks; {@link #id()} is the lower-case adapter id used in paths. */
public enum Exchange {
    BINANCE,
    KRAKEN,
    BITFINEX;

    /** Built once: the keyed stream's key selector asks for it for every frame, on both sides of the shuffle. */
    private final String id = name().toLowerCase(Locale.ROOT);

    public String id() {
        return id;
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
