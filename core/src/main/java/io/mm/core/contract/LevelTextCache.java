package io.mm.core.contract;

import java.util.Arrays;

/**
 * The rendered text ({@code price,qty}) of recently written book levels, keyed by price. Consecutive frame
 * rows share most of their levels (an update touches a few of the top N), so a row is mostly copies of text
 * rendered before; this halves the cost of a row. Open addressing over primitive arrays, cleared when full:
 * no allocation once warm.
 *
 * <p>A slot's key, quantity, formats and text length sit side by side in one {@code long[]} (32 bytes, half a
 * cache line): with hundreds of symbols taken in turn, a writer's cache is cold each time its symbol comes
 * round, and a probe over four separate arrays paid four cache misses where this pays one.
 */
final class LevelTextCache {
    private static final int SLOT_BYTES = 48;
    private static final int STRIDE = 4;
    private static final int PRICE = 0;
    private static final int QTY = 1;
    private static final int FORMATS = 2;
    /** The text's length plus one; 0 marks an unused slot. */
    private static final int USED_LEN = 3;
    private final int mask;
    private final long[] slots;
    private final byte[] text;
    private int size;

    LevelTextCache(int capacity) {
        int cap = Integer.highestOneBit(Math.max(16, capacity) - 1) << 1;
        mask = cap - 1;
        slots = new long[cap * STRIDE];
        text = new byte[cap * SLOT_BYTES];
    }

    /** Forgets every text (the style or the book's scale changed). */
    void clear() {
        Arrays.fill(slots, 0L);
        size = 0;
    }

    /** The slot holding this level's text, or -1. */
    int find(long px, long q, long fmts) {
        long[] s = slots;
        int i = hash(px);
        int at;
        while (s[(at = i * STRIDE) + USED_LEN] != 0) {
            if (s[at + PRICE] == px) {
                return s[at + QTY] == q && s[at + FORMATS] == fmts ? i : -1;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** A slot for this level's text (replacing an older text of the same price); -1 if the text cannot fit. */
    int claim(long px, long q, long fmts) {
        if (size * 2 >= mask + 1) {
            clear();
        }
        long[] s = slots;
        int i = hash(px);
        while (s[i * STRIDE + USED_LEN] != 0 && s[i * STRIDE + PRICE] != px) {
            i = (i + 1) & mask;
        }
        int at = i * STRIDE;
        if (s[at + USED_LEN] == 0) {
            size++;
        }
        s[at + PRICE] = px;
        s[at + QTY] = q;
        s[at + FORMATS] = fmts;
        s[at + USED_LEN] = 1; // used, no text yet
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
        return (int) slots[slot * STRIDE + USED_LEN] - 1;
    }

    void setLength(int slot, int n) {
        slots[slot * STRIDE + USED_LEN] = n + 1L;
    }

    private int hash(long px) {
        long h = px * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
