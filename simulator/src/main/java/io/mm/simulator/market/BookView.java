package io.mm.simulator.market;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

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

    public final int depth;
    private final TreeMap<Long, long[]> bids = new TreeMap<>(Collections.reverseOrder());
    private final TreeMap<Long, long[]> asks = new TreeMap<>();

    /** A view of {@code depth} levels, filled from the market's current book. */
    public BookView(SymbolMarket market, int depth) {
        this.depth = depth;
        for (boolean bid : new boolean[] {true, false}) {
            for (long[] l : market.levels(bid, depth)) {
                side(bid).put(l[0], new long[] {l[1], l[2]});
            }
        }
    }

    private TreeMap<Long, long[]> side(boolean bid) {
        return bid ? bids : asks;
    }

    public void apply(SymbolMarket market, List<Change> changes, Sink sink) {
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            TreeMap<Long, long[]> view = side(c.bid());
            long[] lv = view.get(c.price());
            if (c.qty() == 0) {
                if (lv != null) {
                    view.remove(c.price());
                    sink.level(c.bid(), c.price(), 0, 0);
                    refill(market, c.bid(), sink);
                }
            } else if (lv != null) {
                lv[0] = c.qty();
                lv[1] = c.count();
                sink.level(c.bid(), c.price(), c.qty(), c.count());
            } else if (view.size() < depth || (c.bid() ? c.price() > view.lastKey() : c.price() < view.lastKey())) {
                // a short view holds every level the book has, so anything new belongs in it
                view.put(c.price(), new long[] {c.qty(), c.count()});
                sink.level(c.bid(), c.price(), c.qty(), c.count());
                if (view.size() > depth) {
                    long out = view.lastKey();
                    view.remove(out);
                    sink.pushedOut(c.bid(), out);
                }
            }
        }
    }

    /** A level inside the view went away: the next one of the book moves up into it. */
    private void refill(SymbolMarket market, boolean bid, Sink sink) {
        TreeMap<Long, long[]> view = side(bid);
        NavigableMap<Long, long[]> book = market.side(bid);
        while (view.size() < depth) {
            Map.Entry<Long, long[]> next = view.isEmpty() ? book.firstEntry() : book.higherEntry(view.lastKey());
            if (next == null) {
                return;
            }
            view.put(next.getKey(), new long[] {next.getValue()[0], next.getValue()[1]});
            sink.level(bid, next.getKey(), next.getValue()[0], (int) next.getValue()[1]);
        }
    }

    /** The best {@code n} levels of a side, best first: {price, qty, count}. */
    public void top(boolean bid, int n, LevelConsumer out) {
        int i = 0;
        for (Map.Entry<Long, long[]> e : side(bid).entrySet()) {
            if (i++ >= n) {
                return;
            }
            out.accept(e.getKey(), e.getValue()[0], (int) e.getValue()[1]);
        }
    }

    public int size(boolean bid) {
        return side(bid).size();
    }

    @FunctionalInterface
    public interface LevelConsumer {
        void accept(long price, long qty, int count);
    }
}
