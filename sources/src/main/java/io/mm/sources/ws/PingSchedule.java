package io.mm.sources.ws;

/**
 * When a connection sends its application pings, and when a missing pong ends it: the first ping one interval
 * after the socket opened (a connection that just opened is alive; a capture replayed by the simulator answers
 * nothing at first), the next one an interval after the last, and none while one is unanswered.
 * <p>
 * The timeout counts only the time the socket's reader was free to read: while it waits for room in the
 * hand-off queue, the pong sits unread behind the frames before it, which says nothing about the server. The
 * reader thread reports its waits ({@link #holding}, {@link #released}); the timer thread asks {@link #expired}.
 */
final class PingSchedule {
    private final long intervalMs;
    private final long timeoutMs;
    private volatile long lastPingMs;
    private volatile boolean awaitingPong;
    /** When the reader started waiting for room, or -1 while it reads; written by the reader thread only. */
    private volatile long heldSinceMs = -1;
    /** The reader's waits added up, since the socket opened; written by the reader thread only. */
    private volatile long heldMs;
    private volatile long heldAtPingMs;

    PingSchedule(double intervalS, double timeoutS) {
        this.intervalMs = (long) (intervalS * 1000);
        this.timeoutMs = (long) (timeoutS * 1000);
    }

    /** The socket opened at {@code nowMs}: the first ping is an interval away. */
    void opened(long nowMs) {
        lastPingMs = nowMs;
        awaitingPong = false;
        heldSinceMs = -1;
        heldMs = 0;
        heldAtPingMs = 0;
    }

    /** True when a ping is due now. */
    boolean due(long nowMs) {
        return !awaitingPong && nowMs - lastPingMs >= intervalMs;
    }

    /** A ping went out; {@code answered} is false when a pong must come back (application pings). */
    void sent(long nowMs, boolean answered) {
        heldAtPingMs = heldMs;
        lastPingMs = nowMs;
        awaitingPong = !answered;
    }

    void pong() {
        awaitingPong = false;
    }

    /** The reader starts waiting for room in the hand-off queue. */
    void holding(long nowMs) {
        heldSinceMs = nowMs;
    }

    /** The reader's wait ended (the frame went in or was dropped). */
    void released(long nowMs) {
        long since = heldSinceMs;
        if (since >= 0) {
            heldMs += Math.max(0, nowMs - since);
            heldSinceMs = -1;
        }
    }

    /**
     * True when the last ping has waited longer than the timeout for its pong, not counting the reader's waits
     * for room since it went out (a wait that began before the ping counts whole: the pong is at most that late).
     */
    boolean expired(long nowMs) {
        if (!awaitingPong || heldSinceMs >= 0) {
            return false;
        }
        return nowMs - lastPingMs - (heldMs - heldAtPingMs) > timeoutMs;
    }
}
