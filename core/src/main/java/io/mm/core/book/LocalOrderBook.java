package io.mm.core.book;

import io.mm.core.num.NumberText;

/**
 * A level-2 book keyed by price, held as scaled longs in sorted primitive arrays (no boxing, no allocation
 * per update once the arrays have grown to the book's working size).
 *
 * <p>Each side keeps its levels ordered worst to best with the best level at the high end of a live window
 * {@code [lo, hi)} inside its arrays. Real order flow concentrates at the top of the book, so inserts and
 * deletes near the best price shift only a few elements; truncating to a subscribed depth just moves
 * {@code lo}. Level {@code i} counted from the best is at {@code hi - 1 - i}: top-N needs no copy.
 *
 * <p>Prices and quantities share one book-wide scale each, grown (all levels rescaled) the first time a
 * token carries more decimals than the book holds; each level also keeps the format word of the text the
 * exchange sent (see {@link NumberText}) so checksums and output rows can reproduce it exactly.
 *
 * <p>Not thread-safe: one book belongs to one keyed operator instance (or one test).
 *
 * <p>One class of about 500 lines on purpose: both sides live in flat primitive arrays that the search, the
 * shifts and the format words index together, the hot path of every update; split, each piece would need the
 * others' arrays.
 */
public final class LocalOrderBook {
    private final Ladder bids;
    private final Ladder asks;
    private int priceScale;
    private int qtyScale;

    public LocalOrderBook() {
        this(64);
    }

    public LocalOrderBook(int initialLevelsPerSide) {
        bids = new Ladder(initialLevelsPerSide);
        asks = new Ladder(initialLevelsPerSide);
    }

    /** Removes every level; keeps the scales and the arrays. */
    public void clear() {
        bids.clear();
        asks.clear();
    }

    /**
     * Sets the level at the given price to the given quantity (a zero quantity removes it), both given as
     * parsed tokens (digits and format word). The quantity is stored as a magnitude.
     *
     * @return false if a number cannot be held in a long at the book's scale (the book is unchanged)
     */
    public boolean set(Side side, long unscaledPrice, int priceFormat, long unscaledQty, int qtyFormat) {
        return set(side, unscaledPrice, priceFormat, unscaledQty, qtyFormat, 0);
    }

    /** As {@link #set(Side, long, int, long, int)} with the exchange's order count for the level (Bitfinex). */
    public boolean set(Side side, long unscaledPrice, int priceFormat, long unscaledQty, int qtyFormat, int count) {
        long px = scaledPrice(unscaledPrice, priceFormat);
        if (px == NumberText.INVALID) {
            return false;
        }
        Ladder l = ladder(side);
        long key = side == Side.BID ? px : -px;
        if (unscaledQty == 0) {
            l.remove(key);
            return true;
        }
        long qty = scaledQty(unscaledQty, qtyFormat);
        if (qty == NumberText.INVALID) {
            return false;
        }
        l.upsert(key, Math.abs(qty), pack(NumberText.withoutSign(priceFormat), NumberText.withoutSign(qtyFormat)), count);
        return true;
    }

    /** Removes the level at the given price if present. */
    public boolean remove(Side side, long unscaledPrice, int priceFormat) {
        long px = scaledPrice(unscaledPrice, priceFormat);
        if (px == NumberText.INVALID) {
            return false;
        }
        ladder(side).remove(side == Side.BID ? px : -px);
        return true;
    }

    /**
     * Sets a level from values already at this book's scales (used by state restore and book copies).
     * Quantity zero removes the level.
     */
    public void setScaled(Side side, long price, long qty, int priceFormat, int qtyFormat, int count) {
        long key = side == Side.BID ? price : -price;
        if (qty == 0) {
            ladder(side).remove(key);
        } else {
            ladder(side).upsert(key, qty, pack(priceFormat, qtyFormat), count);
        }
    }

    /** Sets the scales of an empty book (state restore). */
    public void setScales(int priceScale, int qtyScale) {
        if (!isEmpty()) {
            throw new IllegalStateException("scales can only be set on an empty book");
        }
        this.priceScale = priceScale;
        this.qtyScale = qtyScale;
    }

    /** Makes this book an exact copy of {@code other}. */
    public void copyFrom(LocalOrderBook other) {
        priceScale = other.priceScale;
        qtyScale = other.qtyScale;
        bids.copyFrom(other.bids);
        asks.copyFrom(other.asks);
    }

    /** Drops the worst levels of each side beyond {@code depth}. */
    public void truncate(int depth) {
        bids.truncate(depth);
        asks.truncate(depth);
    }

    public void truncate(Side side, int depth) {
        ladder(side).truncate(depth);
    }

    public int depth(Side side) {
        return ladder(side).size();
    }

    public boolean isEmpty() {
        return bids.size() == 0 && asks.size() == 0;
    }

    /** Price of the level {@code level} places from the best (0 = best), at {@link #priceScale()}. */
    public long price(Side side, int level) {
        long key = ladder(side).key(level);
        return side == Side.BID ? key : -key;
    }

    /** Quantity (a magnitude) of the level, at {@link #qtyScale()}. */
    public long qty(Side side, int level) {
        return ladder(side).qty(level);
    }

    public int priceFormat(Side side, int level) {
        return (int) (ladder(side).fmt(level) >>> 32);
    }

    public int qtyFormat(Side side, int level) {
        return (int) ladder(side).fmt(level);
    }

    public int count(Side side, int level) {
        return ladder(side).count(level);
    }

    public int priceScale() {
        return priceScale;
    }

    public int qtyScale() {
        return qtyScale;
    }

    /** True when both sides have levels and the best bid is at or above the best ask. */
    public boolean isCrossed() {
        return bids.size() > 0 && asks.size() > 0 && price(Side.BID, 0) >= price(Side.ASK, 0);
    }

    /** Level-by-level equality of prices and quantities (values, not formats). */
    public boolean sameLevels(LocalOrderBook o) {
        for (Side s : Side.values()) {
            int n = depth(s);
            if (n != o.depth(s)) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (!sameValue(price(s, i), priceScale, o.price(s, i), o.priceScale)
                        || !sameValue(qty(s, i), qtyScale, o.qty(s, i), o.qtyScale)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean sameValue(long a, int sa, long b, int sb) {
        if (sa == sb) {
            return a == b;
        }
        return sa < sb ? NumberText.rescale(a, sb - sa) == b : NumberText.rescale(b, sa - sb) == a;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("LocalOrderBook{bids=[");
        appendSide(sb, Side.BID);
        sb.append("], asks=[");
        appendSide(sb, Side.ASK);
        return sb.append("]}").toString();
    }

    private void appendSide(StringBuilder sb, Side side) {
        int n = Math.min(depth(side), 5);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(NumberText.asSent(price(side, i), priceScale, priceFormat(side, i)))
                    .append('x')
                    .append(NumberText.asSent(qty(side, i), qtyScale, qtyFormat(side, i)));
        }
        if (depth(side) > n) {
            sb.append(", ... ").append(depth(side) - n).append(" more");
        }
    }

    private Ladder ladder(Side side) {
        return side == Side.BID ? bids : asks;
    }

    private static long pack(int priceFormat, int qtyFormat) {
        return ((long) priceFormat << 32) | (qtyFormat & 0xFFFF_FFFFL);
    }

    private long scaledPrice(long unscaled, int format) {
        int need = NumberText.writtenScale(format);
        if (need > priceScale && !growPriceScale(need)) {
            return NumberText.INVALID;
        }
        return NumberText.toScaled(unscaled, format, priceScale);
    }

    private long scaledQty(long unscaled, int format) {
        int need = NumberText.writtenScale(format);
        if (need > qtyScale && !growQtyScale(need)) {
            return NumberText.INVALID;
        }
        return NumberText.toScaled(unscaled, format, qtyScale);
    }

    private boolean growPriceScale(int need) {
        if (need > NumberText.MAX_SCALE) {
            return false;
        }
        int k = need - priceScale;
        if (!bids.canRescaleKeys(k) || !asks.canRescaleKeys(k)) {
            return false;
        }
        bids.rescaleKeys(k);
        asks.rescaleKeys(k);
        priceScale = need;
        return true;
    }

    private boolean growQtyScale(int need) {
        if (need > NumberText.MAX_SCALE) {
            return false;
        }
        int k = need - qtyScale;
        if (!bids.canRescaleQty(k) || !asks.canRescaleQty(k)) {
            return false;
        }
        bids.rescaleQty(k);
        asks.rescaleQty(k);
        qtyScale = need;
        return true;
    }

    /**
     * One side: keys ascending from worst to best (bids: price; asks: -price), parallel arrays of quantity,
     * packed format words and order counts, live window [lo, hi).
     */
    private static final class Ladder {
        private long[] keys;
        private long[] qty;
        private long[] fmt;
        private int[] cnt;
        private int lo;
        private int hi;

        Ladder(int capacity) {
            int cap = Math.max(8, capacity);
            keys = new long[cap];
            qty = new long[cap];
            fmt = new long[cap];
            cnt = new int[cap];
            clear();
        }

        void clear() {
            // Start in the middle: snapshots insert best-first (growing towards lo) and live updates
            // mostly insert near the best (towards hi), so both ends need room.
            lo = hi = keys.length / 2;
        }

        int size() {
            return hi - lo;
        }

        long key(int level) {
            return keys[index(level)];
        }

        long qty(int level) {
            return qty[index(level)];
        }

        long fmt(int level) {
            return fmt[index(level)];
        }

        int count(int level) {
            return cnt[index(level)];
        }

        private int index(int level) {
            if (level < 0 || level >= hi - lo) {
                throw new IndexOutOfBoundsException("level " + level + " of " + (hi - lo));
            }
            return hi - 1 - level;
        }

        void truncate(int depth) {
            if (hi - lo > depth) {
                lo = hi - Math.max(0, depth);
            }
        }

        void upsert(long key, long q, long f, int c) {
            int i = search(key);
            if (i >= 0) {
                qty[i] = q;
                fmt[i] = f;
                cnt[i] = c;
                return;
            }
            int p = -i - 1;
            if (lo == 0 && hi == keys.length) {
                int before = lo;
                makeRoom();
                p += lo - before;
            }
            if (lo > 0 && (hi == keys.length || p - lo <= hi - p)) {
                // shift the worse levels [lo, p) one place down
                int n = p - lo;
                System.arraycopy(keys, lo, keys, lo - 1, n);
                System.arraycopy(qty, lo, qty, lo - 1, n);
                System.arraycopy(fmt, lo, fmt, lo - 1, n);
                System.arraycopy(cnt, lo, cnt, lo - 1, n);
                lo--;
                p--;
            } else {
                // shift the better levels [p, hi) one place up
                int n = hi - p;
                System.arraycopy(keys, p, keys, p + 1, n);
                System.arraycopy(qty, p, qty, p + 1, n);
                System.arraycopy(fmt, p, fmt, p + 1, n);
                System.arraycopy(cnt, p, cnt, p + 1, n);
                hi++;
            }
            keys[p] = key;
            qty[p] = q;
            fmt[p] = f;
            cnt[p] = c;
        }

        void remove(long key) {
            int i = search(key);
            if (i < 0) {
                return; // removing an unknown level is normal (Binance documents it)
            }
            if (i - lo < hi - 1 - i) {
                int n = i - lo;
                System.arraycopy(keys, lo, keys, lo + 1, n);
                System.arraycopy(qty, lo, qty, lo + 1, n);
                System.arraycopy(fmt, lo, fmt, lo + 1, n);
                System.arraycopy(cnt, lo, cnt, lo + 1, n);
                lo++;
            } else {
                int n = hi - 1 - i;
                System.arraycopy(keys, i + 1, keys, i, n);
                System.arraycopy(qty, i + 1, qty, i, n);
                System.arraycopy(fmt, i + 1, fmt, i, n);
                System.arraycopy(cnt, i + 1, cnt, i, n);
                hi--;
            }
        }

        private int search(long key) {
            // Updates cluster at the best end: gallop down from it (steps 1, 2, 4, ...; the branch is predictable
            // until the stop) to bracket the key, then bisect only the bracket.
            int top = hi - 1;
            int upper = top; // every key above `upper` is greater than `key`
            int step = 1;
            int i = top;
            while (i >= lo) {
                long k = keys[i];
                if (k <= key) {
                    if (k == key) {
                        return i;
                    }
                    break;
                }
                upper = i - 1;
                i = top - step;
                step <<= 1;
            }
            // bisect [max(lo, i + 1), upper] without a branch per step (a conditional move): the direction at
            // each step is a coin flip, so a branch would mispredict half the time
            int base = Math.max(lo, i + 1);
            int len = upper - base + 1;
            while (len > 1) {
                int half = len >>> 1;
                base = keys[base + half - 1] < key ? base + half : base;
                len -= half;
            }
            if (len == 1) {
                long k = keys[base];
                if (k == key) {
                    return base;
                }
                if (k < key) {
                    base++;
                }
            }
            return -(base) - 1;
        }

        /** Recentres the live window, growing the arrays if more than half full. */
        private void makeRoom() {
            int n = hi - lo;
            int cap = keys.length;
            if (n * 2 > cap) {
                cap = cap * 2;
            }
            int newLo = (cap - n) / 2;
            if (cap != keys.length) {
                keys = moved(keys, cap, newLo);
                qty = moved(qty, cap, newLo);
                fmt = moved(fmt, cap, newLo);
                int[] c = new int[cap];
                System.arraycopy(cnt, lo, c, newLo, n);
                cnt = c;
            } else {
                System.arraycopy(keys, lo, keys, newLo, n);
                System.arraycopy(qty, lo, qty, newLo, n);
                System.arraycopy(fmt, lo, fmt, newLo, n);
                System.arraycopy(cnt, lo, cnt, newLo, n);
            }
            lo = newLo;
            hi = newLo + n;
        }

        private long[] moved(long[] a, int cap, int newLo) {
            long[] b = new long[cap];
            System.arraycopy(a, lo, b, newLo, hi - lo);
            return b;
        }

        void copyFrom(Ladder o) {
            int n = o.size();
            if (keys.length < n + 2) {
                int cap = Math.max(8, n * 2);
                keys = new long[cap];
                qty = new long[cap];
                fmt = new long[cap];
                cnt = new int[cap];
            }
            lo = (keys.length - n) / 2;
            hi = lo + n;
            System.arraycopy(o.keys, o.lo, keys, lo, n);
            System.arraycopy(o.qty, o.lo, qty, lo, n);
            System.arraycopy(o.fmt, o.lo, fmt, lo, n);
            System.arraycopy(o.cnt, o.lo, cnt, lo, n);
        }

        boolean canRescaleKeys(int k) {
            return canRescale(keys, k);
        }

        boolean canRescaleQty(int k) {
            return canRescale(qty, k);
        }

        private boolean canRescale(long[] a, int k) {
            for (int i = lo; i < hi; i++) {
                if (NumberText.rescale(a[i], k) == NumberText.INVALID) {
                    return false;
                }
            }
            return true;
        }

        void rescaleKeys(int k) {
            for (int i = lo; i < hi; i++) {
                keys[i] = NumberText.rescale(keys[i], k);
            }
        }

        void rescaleQty(int k) {
            for (int i = lo; i < hi; i++) {
                qty[i] = NumberText.rescale(qty[i], k);
            }
        }
    }
}
