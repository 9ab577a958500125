package io.mm.core.feed;

/** What a parsed text frame turned out to be. Parsers never throw for bad input: they say {@link #MALFORMED}. */
public enum FrameKind {
    /** A full book (WS snapshot or REST body); see {@link FrameParser#depth()}. */
    DEPTH_SNAPSHOT,
    /** An incremental book update; see {@link FrameParser#depth()}. */
    DEPTH_UPDATE,
    /** A Bitfinex {@code cs} frame: the checksum of the book after everything before it. */
    CHECKSUM,
    /** One or more trade prints; see {@link FrameParser#trades()}. */
    TRADES,
    HEARTBEAT,
    /** A subscription was confirmed; see {@link FrameParser#control()}. */
    SUBSCRIBED,
    UNSUBSCRIBED,
    /** An exchange's informational event (Bitfinex {@code info}, with its code when it has one). */
    INFO,
    /** Connection or system status (Kraken {@code status}). */
    STATUS,
    /** Bitfinex {@code conf} acknowledgement. */
    CONF,
    PONG,
    /** Kraken {@code instrument} channel: precisions of pairs. */
    INSTRUMENT,
    /** The server announced it will close the connection (Binance {@code serverShutdown}). */
    SERVER_SHUTDOWN,
    /** The exchange answered with an error (bad subscribe, unknown pair, rate limit). */
    ERROR,
    /** A well-formed message the recorder does not use (Binance bookTicker, kline, aggTrade, ...). */
    IGNORED,
    /** Not valid JSON, or valid JSON that does not have the shape the exchange documents. */
    MALFORMED
}
