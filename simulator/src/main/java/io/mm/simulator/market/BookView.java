package io.mm.simulator.market;

import java.util.List;

/**
 * The top {@code depth} levels of a market as a depth-limited channel shows them. Fed each step's changes,
 * it reports what the channel must send: levels inside the view that changed, levels that left the book,
 * and levels that moved up into the view when one inside was deleted. Levels pushed out by better ones are
 * reported separately: Kraken never sends them (clients truncate), Bitfinex sends them as deletes.
 */
public final class BookView {
    /** What a step did to the view. */
    public interface Sink {
        /** A level to send: {@code qty == 0} deletes. */
        void level(boolean bid, long price, long qty, int count);

        /** A level that fell out of the view because better ones came in. */
        void pushedOut(boolean bid, long price);
    }

    /** Bytes kept per level's text: {@code price:amount} of any simulated instrument fits. */
    private static final int TEXT_SLOT = 48;

    public final int depth;
    private final Side bids;
    private final Side asks;

    /**
     * One side's levels best first, in parallel primitive arrays: the views are 10 to 100 levels deep and read in
     * full for every checksum, which a TreeMap walked entry by entry made the simulator's hottest code.
     */
    private static final class Side {
        final boolean bid;
        final long[] price;
        final long[] qty;
        final int[] count;
        /**
         * Text a feed cached for a level (its checksum piece) in fixed slots of one array, its length in
         * {@link #textLength} (0: none), dropped whenever the level changes. One array, not one per level: a
         * checksum reads every level's text, and with hundreds of markets taken in turn scattered arrays cost a
         * cache miss each.
         */
        final byte[] text;
        final int[] textLength;
        int n;

        Side(boolean bid, int capacity) {
            this.bid = bid;
            price = new long[capacity];
            qty = new long[capacity];
            count = new int[capacity];
            text = new byte[capacity * TEXT_SLOT];
            textLength = new int[capacity];
        }

        boolean better(long a, long b) {
            return bid ? a > b : a < b;
        }

        /** Index of {@code p}, or {@code -(insertion point) - 1}. */
        int find(long p) {
            int lo = 0;
            int hi = n - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                long m = price[mid];
                if (m == p) {
                    return mid;
                } else if (better(m, p)) {
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return -lo - 1;
        }

        void insert(int i, long p, long q, int c) {
            System.arraycopy(price, i, price, i + 1, n - i);
            System.arraycopy(qty, i, qty, i + 1, n - i);
            System.arraycopy(count, i, count, i + 1, n - i);
            System.arraycopy(text, i * TEXT_SLOT, text, (i + 1) * TEXT_SLOT, (n - i) * TEXT_SLOT);
            System.arraycopy(textLength, i, textLength, i + 1, n - i);
            price[i] = p;
            qty[i] = q;
            count[i] = c;
            textLength[i] = 0;
            n++;
        }

        void remove(int i) {
            System.arraycopy(price, i + 1, price, i, n - i - 1);
            System.arraycopy(qty, i + 1, qty, i, n - i - 1);
            System.arraycopy(count, i + 1, count, i, n - i - 1);
            System.arraycopy(text, (i + 1) * TEXT_SLOT, text, i * TEXT_SLOT, (n - i - 1) * TEXT_SLOT);
            System.arraycopy(textLength, i + 1, textLength, i, n - i - 1);
            n--;
            textLength[n] = 0;
        }
    }

    /** A view of {@code depth} levels, filled from the market's current book. */
    public BookView(SymbolMarket market, int depth) {
        this.depth = depth;
        this.bids = new Side(true, depth + 1);
        this.asks = new Side(false, depth + 1);
        for (boolean bid : new boolean[] {true, false}) {
            Side side = side(bid);
            for (long[] l : market.levels(bid, depth)) {
                side.insert(side.n, l[0], l[1], (int) l[2]);
            }
        }
    }

    private Side side(boolean bid) {
        return bid ? bids : asks;
    }

    public void apply(SymbolMarket market, List<Change> changes, Sink sink) {
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            Side view = side(c.bid());
            int at = view.find(c.price());
            if (c.qty() == 0) {
                if (at >= 0) {
                    view.remove(at);
                    sink.level(c.bid(), c.price(), 0, 0);
                    refill(market, view, sink);
                }
            } else if (at >= 0) {
                view.qty[at] = c.qty();
                view.count[at] = c.count();
                view.textLength[at] = 0;
                sink.level(c.bid(), c.price(), c.qty(), c.count());
            } else if (view.n < depth || view.better(c.price(), view.price[view.n - 1])) {
                // a short view holds every level the book has, so anything new belongs in it
                view.insert(-at - 1, c.price(), c.qty(), c.count());
                sink.level(c.bid(), c.price(), c.qty(), c.count());
                if (view.n > depth) {
                    long out = view.price[view.n - 1];
                    view.remove(view.n - 1);
                    sink.pushedOut(c.bid(), out);
                }
            }
        }
    }

    /** A level inside the view went away: the next one of the book moves up into it. */
    private void refill(SymbolMarket market, Side view, Sink sink) {
        Ladder book = market.side(view.bid);
        while (view.n < depth) {
            int next = view.n == 0 ? book.best() : book.worseThan(view.price[view.n - 1]);
            if (next < 0) {
                return;
            }
            view.insert(view.n, book.price(next), book.qty(next), (int) book.count(next));
            sink.level(view.bid, book.price(next), book.qty(next), (int) book.count(next));
        }
    }

    /** The best {@code n} levels of a side, best first: {price, qty, count}. */
    public void top(boolean bid, int n, LevelConsumer out) {
        Side s = side(bid);
        for (int i = 0, m = Math.min(n, s.n); i < m; i++) {
            out.accept(s.price[i], s.qty[i], s.count[i]);
        }
    }

    public int size(boolean bid) {
        return side(bid).n;
    }

    /** Level {@code i} (0 = best) of a side, for feeds that walk the view without a callback. */
    public long price(boolean bid, int i) {
        return side(bid).price[i];
    }

    public long qty(boolean bid, int i) {
        return side(bid).qty[i];
    }

    /** The length of what a feed cached for level {@code i} with {@link #cacheText}; 0 once the level changed. */
    public int cachedTextLength(boolean bid, int i) {
        return side(bid).textLength[i];
    }

    /** Copies the text cached for level {@code i} to {@code dst}; returns its length. */
    public int copyCachedText(boolean bid, int i, byte[] dst, int at) {
        Side s = side(bid);
        int len = s.textLength[i];
        System.arraycopy(s.text, i * TEXT_SLOT, dst, at, len);
        return len;
    }

    /** Keeps {@code len} bytes of text for level {@code i} until it changes; longer than a slot is not kept. */
    public void cacheText(boolean bid, int i, byte[] src, int off, int len) {
        if (len > 0 && len <= TEXT_SLOT) {
            Side s = side(bid);
            System.arraycopy(src, off, s.text, i * TEXT_SLOT, len);
            s.textLength[i] = len;
        }
    }

    @FunctionalInterface
    public interface LevelConsumer {
        void accept(long price, long qty, int count);
    }
}
