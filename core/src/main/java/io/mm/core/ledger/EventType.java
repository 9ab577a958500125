package io.mm.core.ledger;

import java.util.Locale;

/** Types of rows in the events ledger; {@link #csvName()} is what the {@code type} column holds. */
public enum EventType {
    RUN_START,
    RUN_END,
    WINDOW_START,
    WINDOW_END,
    WS_OPEN,
    WS_CLOSE,
    WS_ERROR,
    RECONNECT,
    /** The connection's session passed to a new socket that continued it without a loss (Binance, {@code WS_MAX_SESSION_S}). */
    WS_HANDOVER,
    STALL,
    STATE_CHANGE,
    SNAPSHOT,
    RESYNC_START,
    RESYNC_DONE,
    GAP,
    CHECKSUM_MISMATCH,
    RECOVERY,
    HEARTBEAT,
    /** A subscription acknowledged by the exchange. */
    SUBSCRIBED,
    /** The exchange sent an error (bad subscribe, unknown pair, rate limit). */
    EXCHANGE_ERROR,
    /** The exchange sent status or info (Kraken status, Bitfinex info codes, Binance serverShutdown). */
    EXCHANGE_INFO,
    /** A frame that could not be parsed; its text (truncated) is in the details. */
    MALFORMED,
    /** An update seen twice. */
    DUPLICATE,
    /** Something a reader should know that is not a loss (slow sync, crossed book, buffer pressure). */
    WARNING,
    /**
     * The exchange's proof (a checksum) agreed with the book after a {@code sequence} gap that may have hit it: the
     * book frames since {@code details.since_recv_seq} are right after all.
     */
    BOOK_PROVEN;

    public String csvName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EventType fromCsv(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
