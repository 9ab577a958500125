package io.mm.core.feed;

import io.mm.core.ledger.GapKind;
import java.util.Arrays;

/**
 * Which trades of a batch are new, oldest first, and which trades were lost: the last trade id written, trades seen
 * already (Bitfinex's {@code tu} after {@code te}, a snapshot after a reconnect) and trades from before the run are
 * skipped. Where ids are consecutive (Binance, Kraken) a jump is a gap of exactly that many trades: a {@code recovery} gap
 * when it is the first trade after a restore, a {@code disconnect} gap after a reconnect, else a {@code sequence} gap (a
 * trade lost inside one connection shows nowhere else). Where they are not (Bitfinex), the last {@value #RECENT} ids
 * written are kept: a trade below the last id that is not among them came late (a reordered message, a trade a
 * snapshot after a reconnect shows for the first time) and is written; below them nothing can tell, so it is skipped.
 * The recorder decides so what its trades file holds, the relay what it sends: each trade once.
 */
public final class TradeTracker {
    /** Receives the tracker's decisions, in order. */
    public interface Sink {
        /** Trades from {@code expectedId} to before {@code gotId} were lost. */
        void lost(GapKind kind, long expectedId, long gotId);

        /** Trade {@code index} of the batch is new. */
        void trade(int index);
    }

    public static final int RECENT = 64;

    private final boolean contiguousIds;
    private long lastTradeId = DepthUpdate.NONE;
    /** Non-contiguous ids: every id written above {@code floor}, ascending. */
    private final long[] recent;
    private int recentCount;
    private long floor = DepthUpdate.NONE;
    private boolean recoveryPending;
    private boolean afterReconnect;

    public TradeTracker(boolean contiguousIds) {
        this.contiguousIds = contiguousIds;
        this.recent = contiguousIds ? null : new long[RECENT];
    }

    /** The last trade id of a checkpoint: the first trade after it tells what the restart lost. */
    public void restore(long lastTradeId) {
        this.lastTradeId = lastTradeId;
        floor = lastTradeId;
        recentCount = 0;
        recoveryPending = true;
    }

    /** The stream reconnected after a disconnect: the first trade after it tells what the disconnect lost. */
    public void reconnected() {
        afterReconnect = true;
    }

    public long lastTradeId() {
        return lastTradeId;
    }

    /** Sorts out one batch: lost trades and new trades, oldest first. */
    public void accept(TradeBatch t, Sink sink) {
        int n = t.size();
        int[] order = order(t);
        for (int k = 0; k < n; k++) {
            int i = order == null ? k : order[k];
            long id = t.tradeId(i);
            if (t.snapshot && lastTradeId == DepthUpdate.NONE) {
                continue; // trades from before this run started
            }
            if (lastTradeId != DepthUpdate.NONE && id <= lastTradeId) {
                if (!contiguousIds && id > floor && remember(id)) {
                    sink.trade(i); // late, never written
                }
                continue;
            }
            if (contiguousIds && lastTradeId != DepthUpdate.NONE && id > lastTradeId + 1) {
                sink.lost(recoveryPending ? GapKind.RECOVERY : afterReconnect ? GapKind.DISCONNECT : GapKind.SEQUENCE, lastTradeId + 1, id);
            }
            recoveryPending = false;
            afterReconnect = false;
            if (!contiguousIds) {
                if (floor == DepthUpdate.NONE) {
                    floor = id - 1; // the run's first trade: whatever is lower came before the run
                }
                remember(id);
            }
            sink.trade(i);
            lastTradeId = id;
        }
    }

    /** Adds a written id to the recent ones; false when it is there already. */
    private boolean remember(long id) {
        int at = recentCount;
        while (at > 0 && recent[at - 1] >= id) {
            if (recent[at - 1] == id) {
                return false;
            }
            at--;
        }
        if (recentCount == RECENT) {
            if (at == 0) {
                floor = id; // the lowest of them: it leaves at once
                return true;
            }
            floor = recent[0];
            System.arraycopy(recent, 1, recent, 0, at - 1);
            recent[at - 1] = id;
            return true;
        }
        System.arraycopy(recent, at, recent, at + 1, recentCount - at);
        recent[at] = id;
        recentCount++;
        return true;
    }

    /** Trade snapshots may list newest first: the indexes oldest first, or null when they are in order already. */
    static int[] order(TradeBatch t) {
        if (t.size() < 2) {
            return null;
        }
        boolean ascending = true;
        for (int i = 1; i < t.size(); i++) {
            if (t.tradeId(i) < t.tradeId(i - 1)) {
                ascending = false;
                break;
            }
        }
        if (ascending) {
            return null;
        }
        Integer[] idx = new Integer[t.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Long.compare(t.tradeId(a), t.tradeId(b)));
        int[] o = new int[idx.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = idx[i];
        }
        return o;
    }
}
