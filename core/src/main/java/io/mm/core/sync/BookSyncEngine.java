package io.mm.core.sync;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.feed.DepthUpdate;

/**
 * What every exchange's engine offers the keyed operator (live) and the replay validator (batch): feed it
 * snapshots and updates in the order they were received and it keeps {@link #book()} right, moves its
 * {@link #machine()} and says per input what happened ({@link SyncOutcome}).
 */
public abstract class BookSyncEngine {
    protected final LocalOrderBook book;
    protected final SyncStateMachine machine;
    /** Detail of the last GAP / CHECKSUM_MISMATCH / SNAPSHOT_STALE / REJECTED outcome. */
    protected long expected;
    protected long got;
    protected String detail;
    /** What the last snapshot re-applied of the updates received before it (an out-of-band snapshot, or Binance's). */
    protected int reapplied;
    protected long reappliedFirstSeq = DepthUpdate.NONE;
    protected long reappliedLastSeq = DepthUpdate.NONE;

    protected BookSyncEngine(LocalOrderBook book, SyncStateMachine machine) {
        this.book = book;
        this.machine = machine;
    }

    public final LocalOrderBook book() {
        return book;
    }

    public final SyncStateMachine machine() {
        return machine;
    }

    public final SyncState state() {
        return machine.state();
    }

    public final boolean isSynced() {
        return machine.state() == SyncState.SYNCED;
    }

    /**
     * A snapshot of the whole book.
     *
     * @param outOfBand true for a REST snapshot fetched beside the stream (its position in the stream is
     *                  unknown, so buffered updates are replayed over it); false for a snapshot that arrived
     *                  in the stream itself (a WebSocket snapshot after subscribing)
     */
    public abstract SyncOutcome onSnapshot(DepthUpdate snapshot, boolean outOfBand);

    /** An update (or, for Bitfinex, a checksum-only frame) in stream order. */
    public abstract SyncOutcome onUpdate(DepthUpdate update);

    /** The subscription is live (ws open and subscribed): wait for a snapshot. */
    public void subscribed(String reason) {
        if (machine.state() == SyncState.CONNECTING || machine.state() == SyncState.STOPPED) {
            if (machine.state() == SyncState.STOPPED) {
                machine.to(SyncState.CONNECTING, reason);
            }
            machine.to(machine.awaitingSnapshotState(), reason);
        }
    }

    /** The connection is gone: what was buffered is dropped, a snapshot will be needed. */
    public void connectionLost(String reason) {
        dropPending();
        machine.to(SyncState.CONNECTING, reason);
    }

    /** Forces a resync (for example after the operator saw something the engine cannot, such as a crossed book). */
    public void forceResync(String reason) {
        dropPending();
        if (machine.state() == SyncState.CONNECTING) {
            return;
        }
        machine.to(SyncState.RESYNCING, reason);
    }

    /**
     * A trading day opened while the book was being synced, in this state (a replay restores it first): updates buffered
     * before the day are in no file of it, so they are dropped, and a book applied but not yet proven is synced again.
     *
     * @return true when a resync started (a snapshot is needed)
     */
    public boolean dayOpened(String reason) {
        switch (machine.state()) {
            case SNAPSHOT, RESYNCING -> dropPending();
            case SYNCING -> {
                forceResync(reason);
                return true;
            }
            default -> {
                // CONNECTING holds nothing; a SYNCED book goes on (its day_open snapshot starts the day)
            }
        }
        return false;
    }

    public void stop(String reason) {
        machine.to(SyncState.STOPPED, reason);
    }

    /**
     * Resumes from a book the recorder itself had verified (a {@code day_open} snapshot when replaying a day on
     * its own): the book becomes the snapshot and the engine SYNCED in {@code epoch}, without transitions.
     */
    public void adoptSynced(DepthUpdate snapshot, int epoch) {
        dropPending();
        book.clear();
        snapshot.applyTo(book);
        adoptPosition(snapshot.lastUpdateId);
        machine.restore(SyncState.SYNCED, epoch, true);
    }

    /**
     * Resumes as a copy of a book this process holds SYNCED (its levels and, for Binance, its last update id): SYNCED
     * in {@code epoch}, without transitions.
     */
    public void adoptSynced(LocalOrderBook verified, long lastUpdateId, int epoch) {
        dropPending();
        book.copyFrom(verified);
        adoptPosition(lastUpdateId);
        machine.restore(SyncState.SYNCED, epoch, true);
    }

    /** Takes over a verified book's position (Binance's last update id); checksum engines cut to their depth. */
    protected abstract void adoptPosition(long lastUpdateId);

    /** Drops buffered updates. */
    protected abstract void dropPending();

    /** Expected value of the last gap or mismatch (next update id, or the exchange's checksum). */
    public final long expected() {
        return expected;
    }

    /** Received value of the last gap or mismatch (the update's first id, or our checksum). */
    public final long got() {
        return got;
    }

    public final String detail() {
        return detail;
    }

    /**
     * How many buffered or recent updates the last {@link #onSnapshot} re-applied over the snapshot; with
     * {@link #reappliedFirstSeq()} and {@link #reappliedLastSeq()} (their {@link DepthUpdate#recvSeq}s) a reader of
     * the recording can rebuild the book the same way.
     */
    public final int reapplied() {
        return reapplied;
    }

    public final long reappliedFirstSeq() {
        return reappliedFirstSeq;
    }

    public final long reappliedLastSeq() {
        return reappliedLastSeq;
    }

    /** Starts a snapshot's account of what it re-applies. */
    protected final void reapplyNone() {
        reapplied = 0;
        reappliedFirstSeq = DepthUpdate.NONE;
        reappliedLastSeq = DepthUpdate.NONE;
    }

    /** Counts one update re-applied over the current snapshot. */
    protected final void reapplying(DepthUpdate u) {
        if (reapplied++ == 0) {
            reappliedFirstSeq = u.recvSeq;
        }
        reappliedLastSeq = u.recvSeq;
    }

    /** Updates currently buffered awaiting a snapshot. */
    public abstract int buffered();
}
