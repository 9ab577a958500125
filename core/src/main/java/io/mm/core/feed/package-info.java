/**
 * What flows from the sockets to the engines: {@code RawFrame} (one received frame or connection moment for one
 * symbol), the {@code FrameParser} contract (a {@code FrameKind} out, never an exception: bad input is
 * {@code MALFORMED} with a message naming the field), and the reusable holders parsers fill in place
 * ({@code DepthUpdate}, {@code TradeBatch}, {@code ControlMessage}), with the shared JSON factory and
 * allocation-free helpers ({@code Json}, {@code Interner}, {@code Rfc3339}); {@code TradeTracker} decides which trades of
 * a batch are new and which were lost, for the recorder's trades file and the relay alike.
 */
package io.mm.core.feed;
