package io.mm.sources.ws;

/**
 * When a connection sends its application pings, and when a missing pong ends it: the first ping one interval
 * after the socket opened (a connection that just opened is alive; a capture replayed by the simulator answers
 * nothing at first), the next one an interval after the last, and none while one is unanswered.
 */
final class PingSchedule {
    private final long intervalMs;
    private final long timeoutMs;
    private long lastPingMs;
    private boolean awaitingPong;

    PingSchedule(double intervalS, double timeoutS) {
        this.intervalMs = (long) (intervalS * 1000);
        this.timeoutMs = (long) (timeoutS * 1000);
    }

    /** The socket opened at {@code nowMs}: the first ping is an interval away. */
    void opened(long nowMs) {
        lastPingMs = nowMs;
        awaitingPong = false;
    }

    /** True when a ping is due now. */
    boolean due(long nowMs) {
        return !awaitingPong && nowMs - lastPingMs >= intervalMs;
    }

    /** A ping went out; {@code answered} is false when a pong must come back (application pings). */
    void sent(long nowMs, boolean answered) {
        lastPingMs = nowMs;
        awaitingPong = !answered;
    }

    void pong() {
        awaitingPong = false;
    }

    /** True when the last ping has waited longer than the timeout for its pong. */
    boolean expired(long nowMs) {
        return awaitingPong && nowMs - lastPingMs > timeoutMs;
    }
}
