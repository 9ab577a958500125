/**
 * The recorder's FLIP-27 WebSocket source ({@code WebSocketSource}): one split per exchange connection
 * ({@code ConnectionSplit}), handed out by the enumerator and run by the reader, whose {@code ExchangeConnection}s
 * keep their sockets alive (pings, reconnects with backoff, session limits: a Binance session is handed over to a
 * new socket without a loss, {@code SessionHandover}) and hand frames to the task thread through a bounded
 * {@code HandOffQueue} ({@code ConnectionFrames}). {@code WebSocketSettings} are the sources' settings; splits and
 * enumerator state are checkpointed through versioned serializers.
 */
package io.mm.sources.ws;
