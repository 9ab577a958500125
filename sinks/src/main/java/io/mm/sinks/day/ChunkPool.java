package io.mm.sinks.day;

import java.util.ArrayDeque;

/**
 * Fixed-size byte chunks shared by all buckets of a writer: a bucket holds only as many chunks as it has
 * bytes pending, so 8,000 mostly idle day files cost kilobytes, not a grown buffer each.
 */
final class ChunkPool {
    static final int CHUNK = 4096;

    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    private final int maxFree;

    ChunkPool(int maxFree) {
        this.maxFree = maxFree;
    }

    byte[] take() {
        byte[] c = free.poll();
        return c != null ? c : new byte[CHUNK];
    }

    void give(byte[] c) {
        if (free.size() < maxFree) {
            free.push(c);
        }
    }
}
