package io.mm.core;

import io.mm.core.state.EnumCodes;

/**
 * The exchanges the recorder speaks; {@link #id()} is the lower-case adapter id used in paths, {@link #code()} the byte
 * records between tasks carry. Neither ever changes for a constant, nor is reused.
 */
public enum Exchange {
    BINANCE(0, "binance"),
    KRAKEN(1, "kraken"),
    BITFINEX(2, "bitfinex");

    private static final EnumCodes<Exchange> CODES = EnumCodes.of(Exchange.class, Exchange::code);

    private final byte code;
    /** A field: the keyed stream's key selector asks for it for every frame, on both sides of the shuffle. */
    private final String id;

    Exchange(int code, String id) {
        this.code = (byte) code;
        this.id = id;
    }

    /** The stable code of this exchange in serialized records. */
    public byte code() {
        return code;
    }

    /** The exchange of {@code code}; an unknown code fails naming it. */
    public static Exchange ofCode(int code) {
        return CODES.decode(code);
    }

    public String id() {
        return id;
    }

    /** A symbol's trade ids run on one by one (Binance, Kraken), so a jump is that many lost trades; Bitfinex's do not. */
    public boolean consecutiveTradeIds() {
        return this != BITFINEX;
    }

    /** The exchange {@code s} names (its id, any case), or null when it names none. */
    public static Exchange find(String s) {
        if (s != null) {
            for (Exchange e : values()) {
                if (e.id.equalsIgnoreCase(s.trim())) {
                    return e;
                }
            }
        }
        return null;
    }

    /** Parses an adapter id case-insensitively; the message names the accepted values. */
    public static Exchange parse(String s) {
        Exchange e = find(s);
        if (e == null) {
            throw new IllegalArgumentException("unknown exchange '" + s + "' (expected binance, kraken or bitfinex)");
        }
        return e;
    }
}
