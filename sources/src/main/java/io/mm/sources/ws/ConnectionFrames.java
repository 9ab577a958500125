package io.mm.sources.ws;

import io.mm.core.clock.RecorderClock;
import io.mm.core.feed.RawFrame;
import java.util.function.BooleanSupplier;

/**
 * One connection's frames into the reader's hand-off queue, stamped with the receive time. A frame that finds the
 * queue full waits for room until a deadline and is counted as dropped for its symbol after it (that symbol's ledger
 * says how many); the socket's reader reports its waits to the ping schedule, because a pong read behind a waiting frame says
 * nothing about the server.
 */
final class ConnectionFrames {
    /** A frame's own wait for room starts when it finds the queue full. */
    static final long DEADLINE_FROM_NOW = Long.MIN_VALUE;

    private final ConnectionSplit split;
    private final HandOffQueue queue;
    private final RecorderClock clock;
    private final SymbolDrops dropped;
    private final ReaderMetrics metrics;
    private final PingSchedule pings;
    private final BooleanSupplier closing;

    ConnectionFrames(ConnectionSplit split, HandOffQueue queue, RecorderClock clock, SymbolDrops dropped, ReaderMetrics metrics,
                     PingSchedule pings, BooleanSupplier closing) {
        this.split = split;
        this.queue = queue;
        this.clock = clock;
        this.dropped = dropped;
        this.metrics = metrics;
        this.pings = pings;
        this.closing = closing;
    }

    /** A deadline for a batch of frames that should share one wait for room. */
    long deadline() {
        return queue.deadline();
    }

    /**
     * One frame to each symbol of the connection. The whole batch shares one wait for room: with a full queue and a
     * wait per frame, a connection of 167 symbols would hold its lock (and so its close) for 167 times the block time.
     */
    void toAll(int attempt, RawFrame.Type type, String text) {
        long deadline = queue.deadline();
        for (String s : split.symbols()) {
            to(s, attempt, type, text, deadline, false);
        }
    }

    /**
     * One frame into the hand-off queue, waiting for room until the deadline. {@code fromReader}: the socket's reader
     * thread is the caller, so its waits hold the ping timeout back (the pongs wait behind this frame).
     */
    void to(String symbol, int attempt, RawFrame.Type type, String text, long deadlineNanos, boolean fromReader) {
        RawFrame f = new RawFrame(split.exchange(), symbol, split.id(), attempt, type, clock.nowMicros(), -1, text);
        if (queue.offer(f)) {
            return;
        }
        if (fromReader) {
            pings.holding(System.currentTimeMillis());
        }
        try {
            if (!queue.put(f, closing, deadlineNanos == DEADLINE_FROM_NOW ? queue.deadline() : deadlineNanos)) {
                dropped.dropped(symbol);
                metrics.dropped.inc();
                queue.signal();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (fromReader) {
                pings.released(System.currentTimeMillis());
            }
        }
    }
}
