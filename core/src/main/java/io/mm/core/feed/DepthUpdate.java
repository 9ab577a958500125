package io.mm.core.feed;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;

/**
 * One parsed book message (a depth update or a snapshot) of one symbol, reusable: the parsers fill it in
 * place and the engines read it. Levels are kept as parsed tokens (digits plus {@code NumberText} format
 * word) so the book decides the scale. A level with quantity zero deletes; Bitfinex deletes ({@code count
 * == 0}) are stored that way too, with the count kept for snapshot files.
 */
public final class DepthUpdate {
    /** Marks a missing time or id. */
    public static final long NONE = Long.MIN_VALUE;

    public boolean snapshot;
    public String symbol;
    /** Exchange event time in microseconds since the epoch, or {@link #NONE}. */
    public long eventTimeUs = NONE;
    /** Binance {@code U} (first update id in the event), or {@link #NONE}. */
    public long firstUpdateId = NONE;
    /** Binance {@code u}, or a REST snapshot's {@code lastUpdateId}, or {@link #NONE}. */
    public long lastUpdateId = NONE;
    /** Kraken's unsigned or Bitfinex's signed checksum carried by the message. */
    public long checksum;
    public boolean hasChecksum;
    /** Bitfinex per-connection sequence number (SEQ_ALL), or {@link #NONE}. */
    public long sequence = NONE;
    /** The recorder's {@code recv_seq} of this input, or {@link #NONE}: the operator stamps it, engines report it back. */
    public long recvSeq = NONE;

    private int levels;
    private boolean[] bid = new boolean[16];
    private long[] price = new long[16];
    private int[] priceFormat = new int[16];
    private long[] qty = new long[16];
    private int[] qtyFormat = new int[16];
    private int[] count = new int[16];

    public void clear() {
        snapshot = false;
        symbol = null;
        eventTimeUs = NONE;
        firstUpdateId = NONE;
        lastUpdateId = NONE;
        checksum = 0;
        hasChecksum = false;
        sequence = NONE;
        recvSeq = NONE;
        levels = 0;
    }

    public void addLevel(Side side, long unscaledPrice, int priceFmt, long unscaledQty, int qtyFmt, int orderCount) {
        if (levels == price.length) {
            grow();
        }
        int i = levels++;
        bid[i] = side == Side.BID;
        price[i] = unscaledPrice;
        priceFormat[i] = priceFmt;
        qty[i] = unscaledQty;
        qtyFormat[i] = qtyFmt;
        count[i] = orderCount;
    }

    public int levels() {
        return levels;
    }

    public Side side(int i) {
        return bid[i] ? Side.BID : Side.ASK;
    }

    public long price(int i) {
        return price[i];
    }

    public int priceFormat(int i) {
        return priceFormat[i];
    }

    public long qty(int i) {
        return qty[i];
    }

    public int qtyFormat(int i) {
        return qtyFormat[i];
    }

    public int count(int i) {
        return count[i];
    }

    /**
     * Applies the levels in message order (a later level for the same price wins).
     *
     * @return false if a number could not be held by the book (the remaining levels are still applied)
     */
    public boolean applyTo(LocalOrderBook book) {
        boolean ok = true;
        for (int i = 0; i < levels; i++) {
            ok &= book.set(bid[i] ? Side.BID : Side.ASK, price[i], priceFormat[i], qty[i], qtyFormat[i], count[i]);
        }
        return ok;
    }

    public void copyFrom(DepthUpdate o) {
        snapshot = o.snapshot;
        symbol = o.symbol;
        eventTimeUs = o.eventTimeUs;
        firstUpdateId = o.firstUpdateId;
        lastUpdateId = o.lastUpdateId;
        checksum = o.checksum;
        hasChecksum = o.hasChecksum;
        sequence = o.sequence;
        while (price.length < o.levels) {
            grow();
        }
        levels = o.levels;
        System.arraycopy(o.bid, 0, bid, 0, levels);
        System.arraycopy(o.price, 0, price, 0, levels);
        System.arraycopy(o.priceFormat, 0, priceFormat, 0, levels);
        System.arraycopy(o.qty, 0, qty, 0, levels);
        System.arraycopy(o.qtyFormat, 0, qtyFormat, 0, levels);
        System.arraycopy(o.count, 0, count, 0, levels);
    }

    private void grow() {
        int n = price.length * 2;
        bid = java.util.Arrays.copyOf(bid, n);
        price = java.util.Arrays.copyOf(price, n);
        priceFormat = java.util.Arrays.copyOf(priceFormat, n);
        qty = java.util.Arrays.copyOf(qty, n);
        qtyFormat = java.util.Arrays.copyOf(qtyFormat, n);
        count = java.util.Arrays.copyOf(count, n);
    }

    @Override
    public String toString() {
        return (snapshot ? "DepthSnapshot{" : "DepthUpdate{") + symbol + " E=" + eventTimeUs + " U=" + firstUpdateId
                + " u=" + lastUpdateId + (hasChecksum ? " checksum=" + checksum : "") + " levels=" + levels + "}";
    }
}
