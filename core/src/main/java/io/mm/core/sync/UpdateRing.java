package io.mm.core.sync;

import io.mm.core.feed.DepthUpdate;

/**
 * A bounded FIFO of copied {@link DepthUpdate}s backed by a pool, so buffering during a (re)sync does not
 * allocate once warm. When full the oldest entry is dropped and counted: the sync algorithms then see the
 * hole and ask for a newer snapshot, so nothing is lost silently.
 */
public final class UpdateRing {
    private final DepthUpdate[] slots;
    private int head;
    private int size;
    private long dropped;

    public UpdateRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        slots = new DepthUpdate[capacity];
    }

    /** Copies {@code u} in; returns false if the oldest entry had to be dropped to make room. */
    public boolean add(DepthUpdate u) {
        boolean kept = true;
        if (size == slots.length) {
            head = (head + 1) % slots.length;
            size--;
            dropped++;
            kept = false;
        }
        int i = (head + size) % slots.length;
        DepthUpdate slot = slots[i];
        if (slot == null) {
            slot = slots[i] = new DepthUpdate();
        }
        slot.copyFrom(u);
        size++;
        return kept;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return slots.length;
    }

    /** Entry {@code i} from the oldest (0). */
    public DepthUpdate get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i + " of " + size);
        }
        return slots[(head + i) % slots.length];
    }

    /** Drops the oldest {@code n} entries. */
    public void dropFirst(int n) {
        n = Math.min(n, size);
        head = (head + n) % slots.length;
        size -= n;
    }

    public void clear() {
        head = 0;
        size = 0;
    }

    /** Entries dropped for lack of room since creation. */
    public long dropped() {
        return dropped;
    }
}
