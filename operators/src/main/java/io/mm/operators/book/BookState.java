package io.mm.operators.book;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.sync.SyncState;

/**
 * What is checkpointed per exchange+symbol: the book (levels as scaled longs with their format words), where
 * the sync stands (state, epoch, Binance's last update id, Kraken's precisions), and the counters that must
 * continue across a restore ({@code recv_seq}, {@code event_id}, the open trading days, the last trade id).
 * Written at each checkpoint for the symbols that changed, immutable afterwards; buffered updates are not
 * kept (a restored symbol resyncs anyway, and the loss is measured and recorded as a {@code recovery} gap).
 */
public final class BookState {
    final String runId;
    final long recvSeq;
    final long eventId;
    final int[] openDays;
    final SyncState state;
    final int epoch;
    final boolean everSynced;
    final long lastUpdateId;
    final int pricePrecision;
    final int qtyPrecision;
    final long lastTradeId;
    final long lastRecvUs;
    final long lastDataRecvUs;
    final int priceScale;
    final int qtyScale;
    final Levels bids;
    final Levels asks;

    /** One side of the book, best first. */
    record Levels(long[] price, long[] qty, int[] priceFormat, int[] qtyFormat, int[] count) {
        static Levels capture(LocalOrderBook book, Side side) {
            int n = book.depth(side);
            Levels l = new Levels(new long[n], new long[n], new int[n], new int[n], new int[n]);
            for (int i = 0; i < n; i++) {
                l.price[i] = book.price(side, i);
                l.qty[i] = book.qty(side, i);
                l.priceFormat[i] = book.priceFormat(side, i);
                l.qtyFormat[i] = book.qtyFormat(side, i);
                l.count[i] = book.count(side, i);
            }
            return l;
        }

        int size() {
            return price.length;
        }
    }

    BookState(String runId, long recvSeq, long eventId, int[] openDays, SyncState state, int epoch, boolean everSynced,
              long lastUpdateId, int pricePrecision, int qtyPrecision, long lastTradeId, long lastRecvUs, long lastDataRecvUs,
              int priceScale, int qtyScale, Levels bids, Levels asks) {
        this.runId = runId;
        this.recvSeq = recvSeq;
        this.eventId = eventId;
        this.openDays = openDays;
        this.state = state;
        this.epoch = epoch;
        this.everSynced = everSynced;
        this.lastUpdateId = lastUpdateId;
        this.pricePrecision = pricePrecision;
        this.qtyPrecision = qtyPrecision;
        this.lastTradeId = lastTradeId;
        this.lastRecvUs = lastRecvUs;
        this.lastDataRecvUs = lastDataRecvUs;
        this.priceScale = priceScale;
        this.qtyScale = qtyScale;
        this.bids = bids;
        this.asks = asks;
    }

    /** Rebuilds the checkpointed book into {@code book}. */
    void restoreBook(LocalOrderBook book) {
        book.clear();
        book.setScales(priceScale, qtyScale);
        restoreSide(book, Side.BID, bids);
        restoreSide(book, Side.ASK, asks);
    }

    private static void restoreSide(LocalOrderBook book, Side side, Levels l) {
        for (int i = 0; i < l.size(); i++) {
            book.setScaled(side, l.price[i], l.qty[i], l.priceFormat[i], l.qtyFormat[i], l.count[i]);
        }
    }

    public long recvSeq() {
        return recvSeq;
    }

    public SyncState state() {
        return state;
    }

    public int epoch() {
        return epoch;
    }

    public long lastUpdateId() {
        return lastUpdateId;
    }

    public int levels(Side side) {
        return side == Side.BID ? bids.size() : asks.size();
    }
}
