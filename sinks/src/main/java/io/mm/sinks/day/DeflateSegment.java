package io.mm.sinks.day;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * One staged range of a day file, compressed as it is staged: raw deflate blocks ending in a sync flush, so the
 * segments one file gets during a checkpoint can be joined, as they are, into one gzip member (a gzip header,
 * the segments, an empty final block, the trailer with the CRC-32s combined: {@link Crc32Combine}). Compressing
 * on the staging thread as the rows are staged spreads the deflate over the checkpoint interval and puts a tenth
 * of the bytes on the disk; the committer only copies. A segment starts with a fresh deflate window, so it
 * compresses a little worse than one stream would; the first kilobytes of each are the cost.
 *
 * <p>In the staging file a segment sits in a slot the task thread reserved before the size was known
 * ({@link #slotSize}, deflate's worst case): a header (magic, CRC-32, uncompressed and compressed length), then the
 * compressed bytes; the rest of the slot is a hole in the sparse file, never written.
 */
final class DeflateSegment {
    static final int HEADER = 24;
    private static final int MAGIC = 0x4d4d5331; // "MMS1"
    /** The gzip member's header: deflate, no name, no time, unknown OS. */
    static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    /** An empty final block (fixed Huffman, end-of-block only): ends a member's deflate stream after sync-flushed segments. */
    static final byte[] FINAL_BLOCK = {0x03, 0x00};

    private DeflateSegment() {
    }

    /** Bytes reserved for a segment of {@code rawLength} bytes: the header and deflate's worst case with room to spare. */
    static long slotSize(long rawLength) {
        return HEADER + rawLength + (rawLength >>> 10) + 64;
    }

    /** A segment's header, as read back by the committer. */
    record Header(int crc, long rawLength, long compressedLength) {
        /** Reads the header of the segment in the slot at {@code offset} of {@code slot} bytes, checking it. */
        static Header read(FileChannel src, long offset, long slot) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(HEADER);
            while (b.hasRemaining()) {
                if (src.read(b, offset + b.position()) < 0) {
                    throw new IOException("staged segment at offset " + offset + " ends inside its header");
                }
            }
            if (b.getInt(0) != MAGIC) {
                throw new IOException("no staged segment at offset " + offset + " (its slot was never written)");
            }
            Header h = new Header(b.getInt(4), b.getLong(8), b.getLong(16));
            if (h.rawLength <= 0 || h.compressedLength <= 0 || HEADER + h.compressedLength > slot) {
                throw new IOException("staged segment at offset " + offset + " has a corrupt header: " + h + " in a slot of " + slot + " bytes");
            }
            return h;
        }
    }

    /** Compresses segments, with one reused {@link Deflater} (its native memory is why there is one per staging thread). */
    static final class Encoder implements AutoCloseable {
        private final Deflater deflater;
        private final CRC32 crc = new CRC32();
        private ByteBuffer out = ByteBuffer.allocate(256 * 1024);

        Encoder(int level) {
            this.deflater = new Deflater(level, true);
        }

        /**
         * The slot image of {@code chunks} (each {@link ChunkPool#CHUNK} bytes, the last {@code lastLength}): header
         * and compressed bytes, ready to write (valid until the next call).
         */
        ByteBuffer encode(List<byte[]> chunks, int lastLength) {
            deflater.reset();
            crc.reset();
            out.clear();
            out.position(HEADER);
            long raw = 0;
            for (int i = 0; i < chunks.size(); i++) {
                int len = i == chunks.size() - 1 ? lastLength : ChunkPool.CHUNK;
                crc.update(chunks.get(i), 0, len);
                deflater.setInput(chunks.get(i), 0, len);
                while (!deflater.needsInput()) {
                    deflate(Deflater.NO_FLUSH);
                }
                raw += len;
            }
            // a sync flush ends on a byte boundary with no final block: the next segment can follow it
            while (deflate(Deflater.SYNC_FLUSH)) {
                // the output was full: flush on into the space made
            }
            out.putInt(0, MAGIC).putInt(4, (int) crc.getValue()).putLong(8, raw).putLong(16, out.position() - HEADER);
            out.flip();
            return out;
        }

        /** Deflates into the buffer, growing it when full; true when the call filled what room there was. */
        private boolean deflate(int flush) {
            if (!out.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(out.capacity() * 2);
                out.flip();
                bigger.put(out);
                out = bigger;
            }
            int room = out.remaining();
            int n = deflater.deflate(out.array(), out.position(), room, flush);
            out.position(out.position() + n);
            return n == room;
        }

        @Override
        public void close() {
            deflater.end();
        }
    }
}
