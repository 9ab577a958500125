package io.mm.operators.book;

import io.mm.core.sync.SyncState;

/**
 * A symbol's REST snapshot requests: whether one is wanted, not before when, whether one is in flight, and the backoff
 * after failures (250 ms doubling to 32 s, at most 30 s). A replay never fetches: its snapshots come from the recording.
 */
final class SnapshotRequests {
    private static final long FIRST_BACKOFF_US = 250_000L;
    private static final long MAX_BACKOFF_US = 30_000_000L;

    private final boolean replay;
    private boolean wanted;
    private boolean inFlight;
    private boolean predatesDay;
    private boolean afterFirstBuffered;
    private long notBeforeUs;
    private int failures;

    SnapshotRequests(boolean replay) {
        this.replay = replay;
    }

    /** A snapshot is wanted from now on. */
    void request(long now) {
        if (replay) {
            return;
        }
        wanted = true;
        notBeforeUs = Math.max(notBeforeUs, now);
    }

    /** The last snapshot failed or was refused: another, after the backoff, while the book still needs one. */
    void retry(long now, SyncState state) {
        if (replay) {
            return;
        }
        if (state == SyncState.SNAPSHOT || state == SyncState.RESYNCING || state == SyncState.SYNCING) {
            wanted = true;
            notBeforeUs = now + backoffUs(failures);
        }
    }

    /** The wait before the next try after {@code failures} failures in a row. */
    static long backoffUs(int failures) {
        return Math.min(MAX_BACKOFF_US, FIRST_BACKOFF_US << Math.min(7, failures));
    }

    /** The documented order (Binance): buffer, note the first update, then fetch: a request once the first update is buffered. */
    void afterFirstBuffered() {
        if (!replay) {
            afterFirstBuffered = true;
        }
    }

    /** An update was buffered: the request that waited for it, if any. */
    void buffered(long now) {
        if (afterFirstBuffered) {
            afterFirstBuffered = false;
            request(now);
        }
    }

    /** True (once) when a snapshot should be fetched now; the caller starts the fetch. */
    boolean take(long now, SyncState state) {
        if (!wanted || inFlight || now < notBeforeUs) {
            return false;
        }
        wanted = false;
        if (state == SyncState.CONNECTING || state == SyncState.STOPPED || state == SyncState.SYNCED) {
            return false;
        }
        inFlight = true;
        return true;
    }

    /**
     * A trading day opened beside another: a snapshot in flight was taken before it, and the updates that bridge it to
     * the stream are in the other day's files only, so that answer is not to be used.
     */
    void dayOpened() {
        predatesDay = inFlight;
    }

    /** The fetch answered (either way); true when it was asked before a day that opened meanwhile ({@link #dayOpened}). */
    boolean answered() {
        inFlight = false;
        boolean before = predatesDay;
        predatesDay = false;
        return before;
    }

    /** A snapshot failed or was unusable: the count of failures in a row. */
    int failed() {
        return ++failures;
    }

    /** A usable snapshot: the backoff starts over. */
    void succeeded() {
        failures = 0;
    }

    /** The book is synced, or the socket closed: nothing is wanted. */
    void cancel() {
        wanted = false;
    }

    /** The earlier of {@code next} and when a wanted snapshot may be fetched. */
    long wakeUs(long now, long next) {
        return wanted && !inFlight ? Math.min(next, Math.max(now, notBeforeUs)) : next;
    }
}
