package io.mm.api.relay;

import io.mm.core.Exchange;
import io.mm.core.feed.TradeBatch;
import io.mm.core.feed.TradeTracker;
import io.mm.core.ledger.GapKind;
import java.util.Arrays;

/**
 * Which trades of a symbol's trade lines the relay sends: each trade once, by the rule the recorder's trades file is
 * written by (core's {@link TradeTracker}), so Bitfinex's {@code tu} after its {@code te} and a snapshot's trades sent
 * already are not sent again. Lives on the relay thread; a batch allocates nothing once the index has grown.
 */
final class RelayedTrades implements TradeTracker.Sink {
    private final TradeTracker tracker;
    private int[] index = new int[16];
    private int count;

    RelayedTrades(Exchange exchange) {
        this.tracker = new TradeTracker(exchange.consecutiveTradeIds());
    }

    /** Sorts out a batch; the number of its trades not sent before, which {@link #index} lists oldest first. */
    int select(TradeBatch t) {
        count = 0;
        tracker.accept(t, this);
        return count;
    }

    int count() {
        return count;
    }

    /** The batch index of the {@code k}-th new trade. */
    int index(int k) {
        return index[k];
    }

    @Override
    public void lost(GapKind kind, long expectedId, long gotId) {
        // a client sees the jump in ids; the recorder's gaps file names it
    }

    @Override
    public void trade(int i) {
        if (count == index.length) {
            index = Arrays.copyOf(index, count * 2);
        }
        index[count++] = i;
    }
}
