package io.mm.sinks.day;

import java.util.ArrayList;
import java.util.List;

/**
 * Bytes pending for one file, in chunks from a shared {@link ChunkPool}. The chunk being filled is a field of its
 * own, so a row that fits (nearly every row) touches this object and that chunk, not a list and its array too:
 * with 500 symbols every file's buffer is cold when its next row comes, and each hop is a cache miss. Not final:
 * the writer's bucket extends it for the same reason.
 */
class ChunkedBuffer {
    private final ChunkPool pool;
    /** Full chunks before {@link #tail}. */
    private final List<byte[]> full = new ArrayList<>(2);
    private byte[] tail;
    private int tailUsed;
    private long size;

    ChunkedBuffer(ChunkPool pool) {
        this.pool = pool;
    }

    final void append(byte[] data) {
        int off = 0;
        int len = data.length;
        while (len > 0) {
            if (tail == null) {
                tail = pool.take();
                tailUsed = 0;
            } else if (tailUsed == ChunkPool.CHUNK) {
                full.add(tail);
                tail = pool.take();
                tailUsed = 0;
            }
            int n = Math.min(len, ChunkPool.CHUNK - tailUsed);
            System.arraycopy(data, off, tail, tailUsed, n);
            tailUsed += n;
            off += n;
            len -= n;
        }
        size += data.length;
    }

    final long size() {
        return size;
    }

    final int chunkCount() {
        return full.size() + (tail == null ? 0 : 1);
    }

    final int chunkLength(int i) {
        return i == full.size() ? tailUsed : ChunkPool.CHUNK;
    }

    /** Hands the chunks over (to be given back to the pool by whoever writes them) and starts empty. */
    final List<byte[]> detach() {
        List<byte[]> out = new ArrayList<>(full.size() + 1);
        out.addAll(full);
        if (tail != null) {
            out.add(tail);
        }
        full.clear();
        tail = null;
        tailUsed = 0;
        size = 0;
        return out;
    }
}
