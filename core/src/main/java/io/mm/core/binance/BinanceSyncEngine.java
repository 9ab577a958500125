package io.mm.core.binance;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.sync.BookSyncEngine;
import io.mm.core.sync.SyncOutcome;
import io.mm.core.sync.SyncState;
import io.mm.core.sync.SyncStateMachine;
import io.mm.core.sync.UpdateRing;

/**
 * Binance's documented local order book algorithm ("How to manage a local order book correctly"):
 * buffer the diff stream, take a REST snapshot, drop buffered events with {@code u <= lastUpdateId}, require
 * the first applied event to satisfy {@code U <= lastUpdateId + 1 <= u}, then every event to continue
 * with {@code U == previous u + 1}. A snapshot older than the buffer ({@code lastUpdateId + 1 < first U}) is
 * refused so another can be fetched with the buffer kept. Any break is a GAP: the engine goes RESYNCING,
 * keeps the breaking event buffered and reports the expected and received ids.
 */
public final class BinanceSyncEngine extends BookSyncEngine {
    private final UpdateRing buffer;
    /** The last applied {@code u}, or the snapshot's {@code lastUpdateId} before any event bridged it. */
    private long localId = DepthUpdate.NONE;

    public BinanceSyncEngine(LocalOrderBook book, SyncStateMachine machine, int maxBuffered) {
        super(book, machine);
        this.buffer = new UpdateRing(maxBuffered);
    }

    public BinanceSyncEngine(int maxBuffered) {
        this(new LocalOrderBook(), new SyncStateMachine(), maxBuffered);
    }

    /** The book's update id: the last applied {@code u}. */
    public long lastUpdateId() {
        return localId;
    }

    /** Restores the id the checkpointed book was at. */
    public void restoreLastUpdateId(long id) {
        localId = id;
    }

    /** The {@code U} of the oldest buffered event, or {@link DepthUpdate#NONE}. */
    public long firstBufferedId() {
        return buffer.size() == 0 ? DepthUpdate.NONE : buffer.get(0).firstUpdateId;
    }

    /** Buffered events dropped because the buffer was full, since creation. */
    public long droppedFromBuffer() {
        return buffer.dropped();
    }

    @Override
    public int buffered() {
        return buffer.size();
    }

    @Override
    protected void adoptPosition(long lastUpdateId) {
        localId = lastUpdateId;
    }

    @Override
    protected void dropPending() {
        buffer.clear();
    }

    @Override
    public SyncOutcome onUpdate(DepthUpdate u) {
        switch (machine.state()) {
            case SNAPSHOT, RESYNCING -> {
                buffer.add(u);
                return SyncOutcome.BUFFERED;
            }
            case SYNCING -> {
                if (u.lastUpdateId <= localId) {
                    return SyncOutcome.STALE;
                }
                if (u.firstUpdateId > localId + 1) {
                    return gap(u);
                }
                if (!u.applyTo(book)) {
                    return rejected(u);
                }
                localId = u.lastUpdateId;
                machine.to(SyncState.SYNCED, "update U=" + u.firstUpdateId + " u=" + u.lastUpdateId + " bridges the snapshot");
                return SyncOutcome.SYNCED;
            }
            case SYNCED -> {
                if (u.lastUpdateId <= localId) {
                    expected = localId + 1;
                    got = u.firstUpdateId;
                    detail = "duplicate update U=" + u.firstUpdateId + " u=" + u.lastUpdateId + " (book at " + localId + ")";
                    return SyncOutcome.DUPLICATE;
                }
                if (u.firstUpdateId != localId + 1) {
                    return gap(u);
                }
                if (!u.applyTo(book)) {
                    return rejected(u);
                }
                localId = u.lastUpdateId;
                return SyncOutcome.APPLIED;
            }
            default -> {
                return SyncOutcome.IGNORED;
            }
        }
    }

    @Override
    public SyncOutcome onSnapshot(DepthUpdate s, boolean outOfBand) {
        reapplyNone();
        SyncState st = machine.state();
        if (st == SyncState.CONNECTING || st == SyncState.STOPPED || st == SyncState.SYNCED) {
            return SyncOutcome.IGNORED;
        }
        long l = s.lastUpdateId;
        if (buffer.size() > 0 && l + 1 < buffer.get(0).firstUpdateId) {
            expected = buffer.get(0).firstUpdateId - 1;
            got = l;
            detail = "snapshot lastUpdateId=" + l + " is older than the first buffered U=" + buffer.get(0).firstUpdateId;
            return SyncOutcome.SNAPSHOT_STALE;
        }
        book.clear();
        if (!s.applyTo(book)) {
            book.clear();
            expected = l;
            got = l;
            detail = "snapshot lastUpdateId=" + l + " has a number out of range";
            machine.to(SyncState.RESYNCING, detail);
            return SyncOutcome.REJECTED;
        }
        localId = l;
        machine.to(SyncState.SYNCING, "snapshot lastUpdateId=" + l + " applied");
        int applied = 0;
        for (int i = 0; i < buffer.size(); i++) {
            DepthUpdate e = buffer.get(i);
            if (e.lastUpdateId <= localId) {
                continue;
            }
            boolean continues = applied == 0 ? e.firstUpdateId <= localId + 1 : e.firstUpdateId == localId + 1;
            if (!continues) {
                buffer.dropFirst(i);
                return gapAt(e.firstUpdateId, "buffered update U=" + e.firstUpdateId + " does not continue from " + localId);
            }
            if (!e.applyTo(book)) {
                buffer.clear();
                return rejected(e);
            }
            reapplying(e);
            localId = e.lastUpdateId;
            applied++;
        }
        buffer.clear();
        if (applied > 0) {
            machine.to(SyncState.SYNCED, applied + " buffered update(s) bridge snapshot " + l + ", book at " + localId);
            return SyncOutcome.SYNCED;
        }
        return SyncOutcome.SNAPSHOT_APPLIED;
    }

    private SyncOutcome gap(DepthUpdate u) {
        buffer.clear();
        buffer.add(u);
        return gapAt(u.firstUpdateId, "update U=" + u.firstUpdateId + " u=" + u.lastUpdateId + " after " + localId);
    }

    private SyncOutcome gapAt(long receivedFirstId, String why) {
        expected = localId + 1;
        got = receivedFirstId;
        detail = "sequence gap: expected U=" + expected + ", got U=" + got + " (" + why + ")";
        machine.to(SyncState.RESYNCING, detail);
        return SyncOutcome.GAP;
    }

    private SyncOutcome rejected(DepthUpdate u) {
        expected = localId + 1;
        got = u.firstUpdateId;
        detail = "update U=" + u.firstUpdateId + " u=" + u.lastUpdateId + " has a number the book cannot hold";
        buffer.clear();
        machine.to(SyncState.RESYNCING, detail);
        return SyncOutcome.REJECTED;
    }
}
