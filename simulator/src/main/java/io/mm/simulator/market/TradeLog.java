package io.mm.simulator.market;

/**
 * The trades a symbol streamed, oldest first, in primitive arrays (thousands of symbols keep long logs),
 * bounded: the oldest are forgotten. Before them comes the symbol's {@link PastTrades} (computed, not stored)
 * until the log first forgets a trade. Trade ids are consecutive, so a trade is found by id in O(1) and by
 * time by binary search. Market thread only.
 */
public final class TradeLog {
    private final int capacity;
    private long[] ids = new long[256];
    private long[] times = new long[256];
    private long[] prices = new long[256];
    private long[] qtys = new long[256];
    private boolean[] buys = new boolean[256];
    private int head; // index of the oldest
    private int size;
    private PastTrades past;

    public TradeLog(int capacity) {
        this.capacity = capacity;
    }

    /** The trades before the first one streamed. */
    void past(PastTrades p) {
        this.past = p;
    }

    private int pastSize() {
        return past == null ? 0 : past.size();
    }

    void add(Trade t) {
        if (size == ids.length && ids.length < capacity) {
            grow(Math.min(capacity, ids.length * 2));
        }
        int slot;
        if (size == ids.length) {
            past = null; // a streamed trade is forgotten: the past no longer joins the log
            slot = head;
            head = (head + 1) % ids.length;
        } else {
            slot = (head + size) % ids.length;
            size++;
        }
        ids[slot] = t.id();
        times[slot] = t.timeMs();
        prices[slot] = t.price();
        qtys[slot] = t.qty();
        buys[slot] = t.buy();
    }

    private void grow(int n) {
        long[] i = new long[n];
        long[] tm = new long[n];
        long[] p = new long[n];
        long[] q = new long[n];
        boolean[] b = new boolean[n];
        for (int k = 0; k < size; k++) {
            int s = (head + k) % ids.length;
            i[k] = ids[s];
            tm[k] = times[s];
            p[k] = prices[s];
            q[k] = qtys[s];
            b[k] = buys[s];
        }
        ids = i;
        times = tm;
        prices = p;
        qtys = q;
        buys = b;
        head = 0;
    }

    public int size() {
        return pastSize() + size;
    }

    private int slot(int index) {
        return (head + index - pastSize()) % ids.length;
    }

    public long id(int index) {
        return index < pastSize() ? past.id(index) : ids[slot(index)];
    }

    public long time(int index) {
        return index < pastSize() ? past.time(index) : times[slot(index)];
    }

    public long price(int index) {
        return index < pastSize() ? past.price(index) : prices[slot(index)];
    }

    public long qty(int index) {
        return index < pastSize() ? past.qty(index) : qtys[slot(index)];
    }

    public boolean buy(int index) {
        return index < pastSize() ? past.buy(index) : buys[slot(index)];
    }

    public Trade get(int index) {
        return new Trade(id(index), time(index), price(index), qty(index), buy(index));
    }

    /** The index of the first trade at or after {@code timeMs} ({@link #size()} when none). */
    public int firstAtOrAfter(long timeMs) {
        int lo = 0;
        int hi = size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (time(mid) < timeMs) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The index of the trade with this id, clamped into the log (ids below the oldest give 0). */
    public int indexOfId(long id) {
        if (size() == 0) {
            return 0;
        }
        long first = id(0);
        return (int) Math.max(0, Math.min(size(), id - first));
    }
}
