package io.mm.core.feed;

/**
 * Turns one text frame of an exchange into records. Implementations are stateful where the protocol is
 * (Bitfinex channel ids, conf flags), reuse their output objects between calls, and are not thread-safe.
 * They never throw on bad input: {@link FrameKind#MALFORMED} with {@link #error()} naming what was wrong.
 */
public interface FrameParser {

    FrameKind parse(String frame);

    /** The book message of the last {@link FrameKind#DEPTH_SNAPSHOT} / {@link FrameKind#DEPTH_UPDATE}. */
    DepthUpdate depth();

    /** The trades of the last {@link FrameKind#TRADES}. */
    TradeBatch trades();

    /** Fields of the last control frame; also the checksum frame's channel and time. */
    ControlMessage control();

    /** Why the last frame was {@link FrameKind#MALFORMED}, or the exchange's text for {@link FrameKind#ERROR}. */
    String error();

    /** The symbol the last frame was about, or null for connection-level frames. */
    String symbol();
}
