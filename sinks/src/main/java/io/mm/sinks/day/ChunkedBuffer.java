package io.mm.sinks.day;

import java.util.ArrayList;
import java.util.List;

/** Bytes pending for one file, in chunks from a shared {@link ChunkPool}. */
final class ChunkedBuffer {
    private final ChunkPool pool;
    private final List<byte[]> chunks = new ArrayList<>(2);
    private int lastUsed = ChunkPool.CHUNK;
    private long size;

    ChunkedBuffer(ChunkPool pool) {
        this.pool = pool;
    }

    void append(byte[] data) {
        int off = 0;
        int len = data.length;
        while (len > 0) {
            if (lastUsed == ChunkPool.CHUNK) {
                chunks.add(pool.take());
                lastUsed = 0;
            }
            int n = Math.min(len, ChunkPool.CHUNK - lastUsed);
            System.arraycopy(data, off, chunks.get(chunks.size() - 1), lastUsed, n);
            lastUsed += n;
            off += n;
            len -= n;
        }
        size += data.length;
    }

    long size() {
        return size;
    }

    int chunkCount() {
        return chunks.size();
    }

    byte[] chunk(int i) {
        return chunks.get(i);
    }

    int chunkLength(int i) {
        return i == chunks.size() - 1 ? lastUsed : ChunkPool.CHUNK;
    }

    /** Hands the chunks over (to be given back to the pool by whoever writes them) and starts empty. */
    List<byte[]> detach() {
        List<byte[]> out = new ArrayList<>(chunks);
        chunks.clear();
        lastUsed = ChunkPool.CHUNK;
        size = 0;
        return out;
    }
}
