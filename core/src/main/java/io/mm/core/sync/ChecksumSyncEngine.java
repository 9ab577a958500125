package io.mm.core.sync;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.feed.DepthUpdate;

/**
 * Sync by checksum, for exchanges without sequence ids (Kraken, Bitfinex). Every level message is applied
 * as an absolute set-operation and the book cut to the subscribed depth; a message carrying a checksum is
 * verified against the book it produced.
 *
 * <p>A snapshot that arrived in the stream (after subscribing) replaces the book; one fetched out of band
 * (REST) is placed under the rolling window of recent updates, which are re-applied over it: applying any
 * contiguous suffix of the stream that starts at or before the snapshot's true position yields the right
 * book, because the last write to each level wins. The exchange's next checksum decides. While SYNCING after
 * an out-of-band snapshot a few mismatches are tolerated (a stale cache heals as levels are rewritten);
 * after an in-stream snapshot the first check must match.
 */
public abstract class ChecksumSyncEngine extends BookSyncEngine {
    private int depth;
    private final boolean inlineChecksums;
    private final UpdateRing window;
    private final boolean rolling;
    private final int outOfBandTolerance;
    private int tolerance;
    private int failedChecks;
    private long lastChecksum;
    private boolean checksums = true;

    /**
     * @param depth              levels per side kept after each message (the subscribed depth)
     * @param inlineChecksums    true when updates carry their own checksum (Kraken), false when separate
     *                           checksum frames do (Bitfinex)
     * @param windowCapacity     recent updates kept for replay over a REST snapshot; also the buffer while
     *                           waiting for a snapshot
     * @param rolling            keep the window while SYNCED too (needed for REST resync against caches)
     * @param outOfBandTolerance failed checks tolerated while SYNCING after an out-of-band snapshot
     */
    protected ChecksumSyncEngine(LocalOrderBook book, SyncStateMachine machine, int depth, boolean inlineChecksums,
                                 int windowCapacity, boolean rolling, int outOfBandTolerance) {
        super(book, machine);
        this.depth = depth;
        this.inlineChecksums = inlineChecksums;
        this.window = new UpdateRing(Math.max(1, windowCapacity));
        this.rolling = rolling;
        this.outOfBandTolerance = Math.max(1, outOfBandTolerance);
        this.tolerance = 1;
    }

    /**
     * Whether the exchange sends checksums on this connection (Bitfinex grants them in its {@code conf} answer).
     * Without them nothing can prove a book: a snapshot is taken as the book at once, SYNCED but unproven, and
     * only the stream's own continuity (the connection's sequence numbers) guards it.
     */
    public final void checksums(boolean on) {
        checksums = on;
    }

    public final boolean checksums() {
        return checksums;
    }

    /** The checksum of the current book, as the exchange computes it. */
    public abstract long computeChecksum();

    /** The subscribed depth the book is cut to. */
    public final int depth() {
        return depth;
    }

    /**
     * The depth the exchange acknowledged subscribing the book at (a replay: the ledger's row of it), which the
     * book is cut to from its next snapshot on; a run may subscribe deeper or shallower than an earlier one.
     */
    public final void subscribedDepth(int levels) {
        if (levels > 0) {
            depth = levels;
        }
    }

    /** The last checksum the exchange sent that this engine checked. */
    public final long lastChecksum() {
        return lastChecksum;
    }

    @Override
    public int buffered() {
        return machine.state() == SyncState.SYNCED ? 0 : window.size();
    }

    @Override
    protected void adoptPosition(long lastUpdateId) {
        truncate();
    }

    @Override
    protected void dropPending() {
        window.clear();
    }

    @Override
    public SyncOutcome onSnapshot(DepthUpdate s, boolean outOfBand) {
        reapplyNone();
        SyncState st = machine.state();
        if (st == SyncState.CONNECTING || st == SyncState.STOPPED) {
            return SyncOutcome.IGNORED;
        }
        book.clear();
        if (!s.applyTo(book)) {
            return reject("snapshot has a number the book cannot hold");
        }
        truncate();
        failedChecks = 0;
        if (!outOfBand) {
            // the stream restarts at this snapshot: nothing buffered before it matters
            window.clear();
            tolerance = 1;
            if (!checksums) {
                return takeUnproven(st, "snapshot applied; no checksums granted: the book is unproven");
            }
            if (st == SyncState.SYNCED) {
                // a re-sent snapshot while synced (resubscribe): it is the book now
                if (!s.hasChecksum) {
                    machine.to(SyncState.RESYNCING, "snapshot without checksum while synced");
                    machine.to(SyncState.SYNCING, "snapshot applied");
                    return SyncOutcome.SNAPSHOT_APPLIED;
                }
                return verifySynced(s.checksum, true);
            }
            machine.to(SyncState.SYNCING, "snapshot applied (" + book.depth(io.mm.core.book.Side.BID) + " bids, "
                    + book.depth(io.mm.core.book.Side.ASK) + " asks)");
            if (s.hasChecksum) {
                return verifySyncing(s.checksum);
            }
            return SyncOutcome.SNAPSHOT_APPLIED;
        }
        if (st == SyncState.SYNCED) {
            machine.to(SyncState.RESYNCING, "out-of-band snapshot while synced");
        }
        machine.to(SyncState.SYNCING, "REST snapshot applied, replaying " + window.size() + " recent update(s)");
        tolerance = outOfBandTolerance;
        if (!checksums) {
            for (int i = 0; i < window.size(); i++) {
                DepthUpdate u = window.get(i);
                reapplying(u);
                if (!u.applyTo(book)) {
                    return reject("buffered update has a number the book cannot hold");
                }
                truncate();
            }
            return takeUnproven(SyncState.SYNCING, "REST snapshot and " + window.size() + " recent update(s); no checksums granted: unproven");
        }
        boolean lastChecked = false;
        long lastSent = 0;
        int from = anchor();
        if (from > 0) {
            // the snapshot is the book after window[from - 1]: that update's checksum already vouches for it
            lastChecked = true;
            lastSent = window.get(from - 1).checksum;
        }
        for (int i = from; i < window.size(); i++) {
            DepthUpdate u = window.get(i);
            reapplying(u);
            if (u.levels() > 0) {
                if (!u.applyTo(book)) {
                    return reject("buffered update has a number the book cannot hold");
                }
                truncate();
                lastChecked = false;
            }
            if (u.hasChecksum) {
                lastChecked = true;
                lastSent = u.checksum;
            }
        }
        if (lastChecked) {
            return verifySyncing(lastSent);
        }
        return SyncOutcome.SNAPSHOT_APPLIED;
    }

    /**
     * Where the snapshot sits in the window: the index after the buffered update whose checksum is the
     * snapshot's own (the oldest of the newest run of such updates, so that no update after the snapshot's
     * true position is skipped), or 0 when no checksum matches. Replaying updates older than the snapshot is
     * not harmless: a level the exchange deleted while it was outside the subscribed depth (no message is
     * sent for those) comes back when an old update re-inserts it over a book that lacks the levels which
     * had pushed it out.
     */
    private int anchor() {
        long ours = computeChecksum();
        int at = -1;
        for (int i = window.size() - 1; i >= 0; i--) {
            DepthUpdate u = window.get(i);
            if (!u.hasChecksum) {
                continue;
            }
            if (u.checksum == ours) {
                at = i;
            } else if (at >= 0) {
                break;
            }
        }
        return at + 1;
    }

    @Override
    public SyncOutcome onUpdate(DepthUpdate u) {
        SyncState st = machine.state();
        if (st == SyncState.CONNECTING || st == SyncState.STOPPED) {
            return SyncOutcome.IGNORED;
        }
        if (rolling || st != SyncState.SYNCED) {
            window.add(u);
        }
        if (st == SyncState.SNAPSHOT || st == SyncState.RESYNCING) {
            return SyncOutcome.BUFFERED;
        }
        if (u.levels() > 0) {
            if (!u.applyTo(book)) {
                return reject("update has a number the book cannot hold");
            }
            truncate();
        }
        if (st == SyncState.SYNCING) {
            return u.hasChecksum && checksums ? verifySyncing(u.checksum) : SyncOutcome.PENDING;
        }
        // SYNCED
        if (u.hasChecksum) {
            SyncOutcome o = verifySynced(u.checksum, false);
            if (o == SyncOutcome.APPLIED && u.levels() == 0) {
                return SyncOutcome.VERIFIED;
            }
            return o;
        }
        return inlineChecksums ? SyncOutcome.APPLIED_UNVERIFIED : SyncOutcome.APPLIED;
    }

    /** Without checksums the snapshot is the book: SYNCED at once (a frame), unproven. */
    private SyncOutcome takeUnproven(SyncState from, String reason) {
        if (from == SyncState.SYNCED) {
            machine.to(SyncState.RESYNCING, "snapshot while synced");
        }
        machine.to(SyncState.SYNCING, "snapshot applied");
        machine.to(SyncState.SYNCED, reason);
        return SyncOutcome.SYNCED;
    }

    private SyncOutcome verifySyncing(long sent) {
        lastChecksum = sent;
        long ours = computeChecksum();
        if (ours == sent) {
            failedChecks = 0;
            machine.to(SyncState.SYNCED, "checksum " + sent + " matches");
            return SyncOutcome.SYNCED;
        }
        if (++failedChecks < tolerance) {
            return SyncOutcome.PENDING;
        }
        return mismatch(sent, ours);
    }

    private SyncOutcome verifySynced(long sent, boolean snapshot) {
        lastChecksum = sent;
        long ours = computeChecksum();
        if (ours == sent) {
            return snapshot ? SyncOutcome.SYNCED : SyncOutcome.APPLIED;
        }
        return mismatch(sent, ours);
    }

    private SyncOutcome mismatch(long sent, long ours) {
        expected = sent;
        got = ours;
        detail = "checksum mismatch: exchange " + sent + ", book " + ours;
        failedChecks = 0;
        machine.to(SyncState.RESYNCING, detail);
        return SyncOutcome.CHECKSUM_MISMATCH;
    }

    private SyncOutcome reject(String why) {
        book.clear();
        detail = why;
        expected = 0;
        got = 0;
        machine.to(SyncState.RESYNCING, why);
        return SyncOutcome.REJECTED;
    }

    private void truncate() {
        if (depth > 0) {
            book.truncate(depth);
        }
    }
}
