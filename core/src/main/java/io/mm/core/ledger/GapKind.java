package io.mm.core.ledger;

import java.util.Locale;

/** The {@code kind} column of the gaps file. */
public enum GapKind {
    /** A Binance update id jump. */
    SEQUENCE,
    /** The exchange's checksum disagreed with the book. */
    CHECKSUM,
    /** Data missed while the socket was down. */
    DISCONNECT,
    /** Data missed between the last checkpoint and a restart. */
    RECOVERY,
    /** The connection was open but silent. */
    STALL;

    public String csvName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static GapKind fromCsv(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
