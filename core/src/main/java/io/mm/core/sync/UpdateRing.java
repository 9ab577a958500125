package io.mm.core.sync;

import io.mm.core.book.Side;
import io.mm.core.feed.DepthUpdate;

/**
 * A bounded FIFO of copied {@link DepthUpdate}s. When full the oldest entry is dropped and counted: the sync
 * algorithms then see the hole and ask for a newer snapshot, so nothing is lost silently.
 *
 * <p>Stored flat, filled in order: an entry is one 64-byte record in one {@code long[]}, its levels 32-byte
 * records in another. The checksum engines copy every update into their window while SYNCED, and with 500
 * symbols a pooled {@code DepthUpdate} slot (an object and six arrays, last touched 4,096 updates ago) cost seven
 * cache misses per update; here an update touches one or two lines, shared with the updates before and after it.
 * Nothing is allocated once the arrays have grown to what the ring holds. {@link #get} decodes into one reused
 * {@code DepthUpdate}.
 */
public final class UpdateRing {
    private static final int ENTRY = 8; // longs per entry: time, U, u, checksum, sequence, level start, count and flags, recv_seq
    private static final int LEVEL = 4; // longs per level: price, qty, both formats, count and side
    private static final int SNAPSHOT = 1;
    private static final int HAS_CHECKSUM = 2;

    private final int capacity;
    /** Entries held: {@code size} records from {@code head}, modulo the slots the array has (grown up to the capacity). */
    private int head;
    private int size;
    private long dropped;
    private long[] entries = new long[16 * ENTRY];
    /** Symbols, one per entry, apart: a reference cannot live in a {@code long[]}. */
    private String[] symbols = new String[16];

    /** Levels of the held entries: positions {@code [levelHead, levelEnd)}, which only grow, modulo the records the array has. */
    private long levelHead;
    private long levelEnd;
    private long[] levels = new long[64 * LEVEL];

    private final DepthUpdate view = new DepthUpdate();

    public UpdateRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    private int slots() {
        return symbols.length;
    }

    private int slot(int i) {
        return (head + i) % slots();
    }

    /** Copies {@code u} in; returns false if the oldest entry had to be dropped to make room. */
    public boolean add(DepthUpdate u) {
        boolean kept = true;
        if (size == capacity) {
            dropFirst(1);
            dropped++;
            kept = false;
        } else if (size == slots()) {
            growEntries();
        }
        int n = u.levels();
        if (levelEnd - levelHead + n > levels.length / LEVEL) {
            growLevels(levelEnd - levelHead + n);
        }
        int s = slot(size);
        int e = s * ENTRY;
        long[] en = entries;
        en[e] = u.eventTimeUs;
        en[e + 1] = u.firstUpdateId;
        en[e + 2] = u.lastUpdateId;
        en[e + 3] = u.checksum;
        en[e + 4] = u.sequence;
        en[e + 5] = levelEnd;
        en[e + 6] = ((long) n << 8) | (u.snapshot ? SNAPSHOT : 0) | (u.hasChecksum ? HAS_CHECKSUM : 0);
        en[e + 7] = u.recvSeq;
        symbols[s] = u.symbol;
        long[] lv = levels;
        int records = lv.length / LEVEL;
        for (int k = 0; k < n; k++) {
            int at = (int) ((levelEnd + k) % records) * LEVEL;
            lv[at] = u.price(k);
            lv[at + 1] = u.qty(k);
            lv[at + 2] = ((long) u.priceFormat(k) << 32) | (u.qtyFormat(k) & 0xffffffffL);
            lv[at + 3] = ((long) u.count(k) << 1) | (u.side(k) == Side.BID ? 1 : 0);
        }
        levelEnd += n;
        size++;
        return kept;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    /**
     * Entry {@code i} from the oldest (0), decoded into a {@code DepthUpdate} this ring reuses: valid until the next
     * call of {@code get}; read it, do not keep it.
     */
    public DepthUpdate get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i + " of " + size);
        }
        int s = slot(i);
        int e = s * ENTRY;
        DepthUpdate u = view;
        u.clear();
        u.eventTimeUs = entries[e];
        u.firstUpdateId = entries[e + 1];
        u.lastUpdateId = entries[e + 2];
        u.checksum = entries[e + 3];
        u.sequence = entries[e + 4];
        u.recvSeq = entries[e + 7];
        long start = entries[e + 5];
        long meta = entries[e + 6];
        u.snapshot = (meta & SNAPSHOT) != 0;
        u.hasChecksum = (meta & HAS_CHECKSUM) != 0;
        u.symbol = symbols[s];
        int records = levels.length / LEVEL;
        for (int k = 0, n = (int) (meta >>> 8); k < n; k++) {
            int at = (int) ((start + k) % records) * LEVEL;
            long formats = levels[at + 2];
            long countSide = levels[at + 3];
            u.addLevel((countSide & 1) != 0 ? Side.BID : Side.ASK, levels[at], (int) (formats >> 32), levels[at + 1], (int) formats,
                    (int) (countSide >> 1));
        }
        return u;
    }

    /** Drops the oldest {@code n} entries. */
    public void dropFirst(int n) {
        n = Math.min(n, size);
        if (n == 0) {
            return;
        }
        for (int k = 0; k < n; k++) {
            symbols[slot(k)] = null; // no reference kept past its entry
        }
        head = slot(n);
        size -= n;
        levelHead = size == 0 ? levelEnd : entries[head * ENTRY + 5];
    }

    public void clear() {
        dropFirst(size);
        head = 0;
    }

    /** Entries dropped for lack of room since creation. */
    public long dropped() {
        return dropped;
    }

    /** Doubles the entry records (up to the capacity), the held ones moved to the front in order. */
    private void growEntries() {
        int old = slots();
        int n = Math.min(capacity, old * 2);
        long[] en = new long[n * ENTRY];
        String[] sy = new String[n];
        for (int k = 0; k < size; k++) {
            int from = (head + k) % old;
            System.arraycopy(entries, from * ENTRY, en, k * ENTRY, ENTRY);
            sy[k] = symbols[from];
        }
        entries = en;
        symbols = sy;
        head = 0;
    }

    /** Grows the level records to hold at least {@code needed}; held levels keep their positions. */
    private void growLevels(long needed) {
        int old = levels.length / LEVEL;
        int n = old;
        while (n < needed) {
            n *= 2;
        }
        long[] lv = new long[n * LEVEL];
        for (long pos = levelHead; pos < levelEnd; pos++) {
            System.arraycopy(levels, (int) (pos % old) * LEVEL, lv, (int) (pos % n) * LEVEL, LEVEL);
        }
        levels = lv;
    }
}
