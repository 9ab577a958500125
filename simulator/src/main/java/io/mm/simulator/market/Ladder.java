package io.mm.simulator.market;

import java.util.Arrays;

/**
 * One side of a {@link SymbolMarket}'s book in parallel primitive arrays, sorted worst first so that the best
 * level is the last: the market thread steps 500 books 130 times a second, nearly always at or near the top,
 * and two TreeMaps of boxed prices per book (pointer chasing through 24 MB of entries) made it the simulator's
 * hottest code. Here a step binary-searches one small array and shifts a few elements at the top end.
 * Quantity and count are kept as the market generates them ({@code long}).
 */
final class Ladder {
    private final boolean bid;
    private long[] price = new long[SymbolMarket.MAX_LEVELS + 8];
    private long[] qty = new long[price.length];
    private long[] count = new long[price.length];
    private int n;

    Ladder(boolean bid) {
        this.bid = bid;
    }

    int size() {
        return n;
    }

    boolean isEmpty() {
        return n == 0;
    }

    /** Index of the best level, -1 when empty. */
    int best() {
        return n - 1;
    }

    long price(int i) {
        return price[i];
    }

    long qty(int i) {
        return qty[i];
    }

    long count(int i) {
        return count[i];
    }

    void set(int i, long q, long c) {
        qty[i] = q;
        count[i] = c;
    }

    /** How good a price is on this side: higher is better. */
    private long rank(long p) {
        return bid ? p : -p;
    }

    /** Index of {@code p}, or {@code -(insertion point) - 1}. */
    int find(long p) {
        long r = rank(p);
        int lo = 0;
        int hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long m = rank(price[mid]);
            if (m < r) {
                lo = mid + 1;
            } else if (m > r) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1;
    }

    /** Index of the best level strictly worse than {@code p}, -1 if none. */
    int worseThan(long p) {
        int i = find(p);
        return (i >= 0 ? i : -i - 1) - 1;
    }

    /** Sets the level at {@code p}, inserting it where it belongs. */
    void put(long p, long q, long c) {
        int i = find(p);
        if (i >= 0) {
            set(i, q, c);
            return;
        }
        i = -i - 1;
        if (n == price.length) {
            price = Arrays.copyOf(price, n * 2);
            qty = Arrays.copyOf(qty, n * 2);
            count = Arrays.copyOf(count, n * 2);
        }
        System.arraycopy(price, i, price, i + 1, n - i);
        System.arraycopy(qty, i, qty, i + 1, n - i);
        System.arraycopy(count, i, count, i + 1, n - i);
        price[i] = p;
        qty[i] = q;
        count[i] = c;
        n++;
    }

    void removeAt(int i) {
        System.arraycopy(price, i + 1, price, i, n - i - 1);
        System.arraycopy(qty, i + 1, qty, i, n - i - 1);
        System.arraycopy(count, i + 1, count, i, n - i - 1);
        n--;
    }
}
