package io.mm.core.contract;

import java.util.Arrays;

/**
 * The rendered text ({@code price,qty}) of recently written book levels, keyed by price. Consecutive frame
 * rows share most of their levels (an update touches a few of the top N), so a row is mostly copies of text
 * rendered before; this halves the cost of a row. Open addressing over primitive arrays, cleared when full:
 * no allocation once warm.
 */
final class LevelTextCache {
    private static final int SLOT_BYTES = 48;
    private final int mask;
    private final long[] price;
    private final long[] qty;
    private final long[] formats;
    private final byte[] used;
    private final byte[] text;
    private final int[] len;
    private int size;

    LevelTextCache(int capacity) {
        int cap = Integer.highestOneBit(Math.max(16, capacity) - 1) << 1;
        mask = cap - 1;
        price = new long[cap];
        qty = new long[cap];
        formats = new long[cap];
        used = new byte[cap];
        text = new byte[cap * SLOT_BYTES];
        len = new int[cap];
    }

    /** Forgets every text (the style or the book's scale changed). */
    void clear() {
        Arrays.fill(used, (byte) 0);
        size = 0;
    }

    /** The slot holding this level's text, or -1. */
    int find(long px, long q, long fmts) {
        int i = hash(px);
        while (used[i] != 0) {
            if (price[i] == px) {
                return qty[i] == q && formats[i] == fmts ? i : -1;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** A slot for this level's text (replacing an older text of the same price); -1 if the text cannot fit. */
    int claim(long px, long q, long fmts) {
        if (size * 2 >= price.length) {
            clear();
        }
        int i = hash(px);
        while (used[i] != 0 && price[i] != px) {
            i = (i + 1) & mask;
        }
        if (used[i] == 0) {
            used[i] = 1;
            size++;
        }
        price[i] = px;
        qty[i] = q;
        formats[i] = fmts;
        len[i] = 0;
        return i;
    }

    byte[] text() {
        return text;
    }

    static int offset(int slot) {
        return slot * SLOT_BYTES;
    }

    static int capacityBytes() {
        return SLOT_BYTES;
    }

    int length(int slot) {
        return len[slot];
    }

    void setLength(int slot, int n) {
        len[slot] = n;
    }

    private int hash(long px) {
        long h = px * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
