package io.mm.core.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.ledger.GapKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TradeTrackerTest {
    private final List<String> seen = new ArrayList<>();

    private TradeBatch batch(boolean snapshot, long... ids) {
        TradeBatch b = new TradeBatch();
        b.snapshot = snapshot;
        for (long id : ids) {
            b.add(id, 1, 100, 0, 1, 0, true, TradeBatch.ORD_UNKNOWN);
        }
        return b;
    }

    private void accept(TradeTracker t, TradeBatch b) {
        t.accept(b, new TradeTracker.Sink() {
            @Override
            public void lost(GapKind kind, long expectedId, long gotId) {
                seen.add(kind.name() + " " + expectedId + ".." + gotId);
            }

            @Override
            public void trade(int index) {
                seen.add("trade " + b.tradeId(index));
            }
        });
    }

    @Test
    void aSnapshotBeforeTheFirstTradeIsFromBeforeTheRunAndSkipped() {
        TradeTracker t = new TradeTracker(true);
        accept(t, batch(true, 5, 6));
        accept(t, batch(false, 7));
        assertThat(seen).containsExactly("trade 7");
        assertThat(t.lastTradeId()).isEqualTo(7);
    }

    @Test
    void tradesSeenAlreadyAreSkippedAndSnapshotsNewestFirstComeOldestFirst() {
        TradeTracker t = new TradeTracker(false);
        accept(t, batch(false, 10, 11));
        accept(t, batch(true, 14, 13, 11, 12, 10));
        assertThat(seen).containsExactly("trade 10", "trade 11", "trade 12", "trade 13", "trade 14");
    }

    @Test
    void aJumpInConsecutiveIdsAfterAReconnectIsADisconnectGapOfExactlyTheLostTrades() {
        TradeTracker t = new TradeTracker(true);
        accept(t, batch(false, 1, 2));
        t.reconnected();
        accept(t, batch(false, 9, 10));
        accept(t, batch(false, 11));
        assertThat(seen).containsExactly("trade 1", "trade 2", "DISCONNECT 3..9", "trade 9", "trade 10", "trade 11");
    }

    @Test
    void aJumpInsideOneConnectionIsASequenceGap() {
        TradeTracker t = new TradeTracker(true);
        accept(t, batch(false, 1));
        accept(t, batch(false, 2, 5));
        t.reconnected();
        accept(t, batch(false, 6));
        accept(t, batch(false, 20)); // the reconnect was judged once: what follows is inside the new connection
        assertThat(seen).containsExactly("trade 1", "trade 2", "SEQUENCE 3..5", "trade 5", "trade 6", "SEQUENCE 7..20", "trade 20");
    }

    @Test
    void afterARestoreTheFirstTradeMeasuresTheRestartsLoss() {
        TradeTracker t = new TradeTracker(true);
        t.restore(100);
        accept(t, batch(false, 99, 100, 104));
        assertThat(seen).containsExactly("RECOVERY 101..104", "trade 104");
    }

    @Test
    void idsThatAreNotConsecutivePerSymbolCountNoGap() {
        TradeTracker t = new TradeTracker(false);
        t.restore(100);
        accept(t, batch(false, 250));
        assertThat(seen).containsExactly("trade 250");
    }

    @Test
    void withIdsThatAreNotConsecutiveALateTradeIsWrittenOnceAndNothingFromBeforeTheRun() {
        TradeTracker t = new TradeTracker(false);
        accept(t, batch(false, 10));
        accept(t, batch(false, 12));
        accept(t, batch(false, 11)); // a reordered message
        accept(t, batch(false, 11));
        t.reconnected();
        accept(t, batch(true, 13, 12, 11, 10, 9)); // the snapshot after a reconnect: 13 was lost meanwhile, 9 is older than the run
        assertThat(seen).containsExactly("trade 10", "trade 12", "trade 11", "trade 13");
        assertThat(t.lastTradeId()).isEqualTo(13);
    }

    @Test
    void belowTheRecentIdsALateTradeCannotBeToldFromOneWrittenAndIsSkipped() {
        TradeTracker t = new TradeTracker(false);
        int n = TradeTracker.RECENT + 1;
        for (int k = 1; k <= n; k++) {
            accept(t, batch(false, 2L * k));
        }
        seen.clear();
        // the recent ids are 4 .. 2n: 2 left them; 3 is the lowest written above it and leaves at once
        for (long id : new long[] {2, 3, 3, 2L * n - 1, 2L * n - 1}) {
            accept(t, batch(false, id));
        }
        assertThat(seen).containsExactly("trade 3", "trade " + (2L * n - 1));
        // 2n - 1 pushed 4 out: 4 and 3 are below the recent ids, 5 is above and new
        for (long id : new long[] {4, 3, 5, 5}) {
            accept(t, batch(false, id));
        }
        assertThat(seen).containsExactly("trade 3", "trade " + (2L * n - 1), "trade 5");
        assertThat(t.lastTradeId()).isEqualTo(2L * n);
    }

    @Test
    void afterARestoreOnlyTradesAboveTheCheckpointsLastOneAreWritten() {
        TradeTracker t = new TradeTracker(false);
        t.restore(50);
        accept(t, batch(false, 49, 50, 53));
        accept(t, batch(false, 51, 53));
        assertThat(seen).containsExactly("trade 53", "trade 51");
    }

    @Test
    void orderIsNullForBatchesInOrder() {
        assertThat(TradeTracker.order(batch(false, 1, 2, 2, 3))).isNull();
        assertThat(TradeTracker.order(batch(false, 3, 1, 2))).containsExactly(1, 2, 0);
    }
}
