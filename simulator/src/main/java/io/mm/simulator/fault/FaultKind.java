package io.mm.simulator.fault;

import java.util.Locale;

/** What the simulator can break, on demand. */
public enum FaultKind {
    /** Skip the next N book updates of a symbol (the market moves on: a sequence/checksum gap). */
    DROP,
    /** Send the next book update twice. */
    DUPLICATE,
    /** Swap the next two book updates. */
    REORDER,
    /** Send a wrong checksum with the next Kraken update or Bitfinex cs frame. */
    CORRUPT_CHECKSUM,
    /** Send one malformed JSON frame to every connection of the exchange. */
    MALFORMED,
    /** Close every connection of the exchange (or those carrying the symbol). */
    CLOSE,
    /** Send nothing (and answer no ping) for a while, connections kept open. */
    STALL,
    /** Refuse new WebSocket connections for a while (HTTP 503). */
    REFUSE,
    /** Close connections older than the given duration (the 24-hour rule, shortened), for a while. */
    SESSION_LIMIT,
    /** Answer the next N REST requests 429 with Retry-After. */
    REST_429,
    /** Answer the next N REST requests 418 (IP banned) with Retry-After. */
    REST_418,
    /** Answer the next N REST requests with a 5xx status. */
    REST_5XX,
    /** Delay the next N REST answers. */
    REST_SLOW,
    /** Never answer the next N REST requests. */
    REST_TIMEOUT,
    /** Send a Bitfinex info event with a code (20051 restart: then close; 20060/20061 maintenance). */
    INFO,
    /** Lose the next N trades of a symbol (Bitfinex: {@code te} and {@code tu}, their sequence numbers spent). */
    TRADE_DROP,
    /** Bitfinex: send the next trade's {@code te} twice. */
    TRADE_DUPLICATE,
    /** Bitfinex: hold the next trade's {@code te} and {@code tu} back until the trade after it is sent. */
    TRADE_REORDER;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static FaultKind parse(String s) {
        for (FaultKind k : values()) {
            if (k.id().equalsIgnoreCase(s.trim()) || k.name().equalsIgnoreCase(s.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown fault kind '" + s + "' (one of: "
                + String.join(", ", java.util.Arrays.stream(values()).map(FaultKind::id).toList()) + ")");
    }
}
