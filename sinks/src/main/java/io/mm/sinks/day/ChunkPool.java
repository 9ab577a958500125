package io.mm.sinks.day;

import java.util.ArrayDeque;

/**
 * Fixed-size byte chunks shared by all buckets of a writer: a bucket holds only as many chunks as it has
 * bytes pending, so 8,000 mostly idle day files cost kilobytes, not a grown buffer each. The task thread takes
 * chunks, the staging thread gives them back ({@link StagingIo}): hence the lock, uncontended nearly always.
 */
final class ChunkPool {
    static final int CHUNK = 4096;

    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    private final int maxFree;

    ChunkPool(int maxFree) {
        this.maxFree = maxFree;
    }

    synchronized byte[] take() {
        byte[] c = free.poll();
        return c != null ? c : new byte[CHUNK];
    }

    synchronized void give(byte[] c) {
        if (free.size() < maxFree) {
            free.push(c);
        }
    }
}
