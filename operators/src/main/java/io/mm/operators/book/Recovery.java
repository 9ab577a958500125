package io.mm.operators.book;

import io.mm.core.feed.DepthUpdate;
import io.mm.core.ledger.GapKind;

/**
 * What a restart from a checkpoint, or a disconnect, lost of a symbol's depth stream, as {@code recovery} and
 * {@code disconnect} gap rows: with chained update ids (Binance) the ids lost are counted exactly; otherwise the time
 * without data is the loss. A book restored SYNCED with chained ids may be continued by the new stream instead of
 * resynced.
 */
final class Recovery {
    private final boolean chainedIds;
    private final Ledger ledger;
    private boolean depthPending;
    private long lastUpdateId = DepthUpdate.NONE;
    private long lastRecvUs;
    private long disconnectedAtUs = DepthUpdate.NONE;
    private boolean checkpointBookUsable;
    private boolean resuming;

    Recovery(boolean chainedIds, Ledger ledger) {
        this.chainedIds = chainedIds;
        this.ledger = ledger;
    }

    /**
     * Restored from a checkpoint whose book ended at {@code lastUpdateId} (or {@link DepthUpdate#NONE}), the last data
     * received at {@code lastRecvUs}; {@code synced} if that book was synced.
     */
    void restored(long lastUpdateId, long lastRecvUs, boolean synced) {
        depthPending = true;
        this.lastUpdateId = lastUpdateId;
        this.lastRecvUs = lastRecvUs;
        disconnectedAtUs = lastRecvUs;
        checkpointBookUsable = chainedIds && synced && lastUpdateId != DepthUpdate.NONE;
    }

    /** The last data received before the checkpoint. */
    long restoredRecvUs() {
        return lastRecvUs;
    }

    /** The socket went down; the loss counts from the last data received ({@code lastDataUs}), unless already down. */
    void disconnected(long lastDataUs) {
        if (disconnectedAtUs == DepthUpdate.NONE) {
            disconnectedAtUs = lastDataUs;
        }
    }

    /**
     * A socket opened: the disconnect's gap row (not after a restore: its own rows count that loss). True when a
     * disconnect ended, so the trades' own gap can be measured too.
     */
    boolean opened(long now, long lastDataRecvUs, String connection) {
        boolean gap = disconnectedAtUs != DepthUpdate.NONE && !depthPending;
        if (gap) {
            ledger.gap(now, GapKind.DISCONNECT, Long.toString(disconnectedAtUs), Long.toString(now),
                    Details.of("down_ms", (now - disconnectedAtUs) / 1000).put("last_data_recv_ts_us", lastDataRecvUs)
                            .put("connection", connection));
        }
        disconnectedAtUs = DepthUpdate.NONE;
        return gap;
    }

    /** The first update after a restore: chained ids count the updates lost, else the time without data is the loss. */
    void update(DepthUpdate u, long now) {
        if (!depthPending) {
            return;
        }
        depthPending = false;
        if (chainedIds && lastUpdateId != DepthUpdate.NONE && u.firstUpdateId != DepthUpdate.NONE) {
            long expected = lastUpdateId + 1;
            if (u.firstUpdateId > expected) {
                ledger.gap(now, GapKind.RECOVERY, Long.toString(expected), Long.toString(u.firstUpdateId),
                        Details.of("stream", "depth").put("lost_update_ids", u.firstUpdateId - expected).put("since_recv_ts_us", lastRecvUs));
            }
        } else {
            ledger.gap(now, GapKind.RECOVERY, Long.toString(lastRecvUs), Long.toString(now),
                    Details.of("stream", "depth").put("lost_ms", (now - lastRecvUs) / 1000));
        }
    }

    /** A snapshot after a restore resumes the book: the loss is the time between the last data before the checkpoint and now. */
    void snapshot(long now) {
        if (!depthPending) {
            return;
        }
        depthPending = false;
        if (lastRecvUs <= 0) {
            return; // nothing had arrived before the checkpoint: nothing to lose
        }
        ledger.gap(now, GapKind.RECOVERY, Long.toString(lastRecvUs), Long.toString(now),
                Details.of("stream", "depth").put("lost_ms", (now - lastRecvUs) / 1000).put("resumed_by", "snapshot"));
    }

    /** True (once) when the restored book should be offered to the new stream as an out-of-band snapshot. */
    boolean takeCheckpointBook() {
        boolean usable = checkpointBookUsable;
        checkpointBookUsable = false;
        return usable;
    }

    /** The checkpointed book was offered: it is the book until the stream bridges it or breaks away from it. */
    void resuming() {
        resuming = true;
    }

    /** The book synced or broke: true if it was the checkpointed book, whose loss the recovery rows counted already. */
    boolean endResuming() {
        boolean was = resuming;
        resuming = false;
        return was;
    }
}
