package io.mm.sinks.day;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes complete gzip members (RFC 1952) with one reused {@link Deflater}, so thousands of files can be
 * compressed at each checkpoint without holding a Deflater (and its native memory) per file. Concatenated
 * members are one valid gzip stream for zcat, Python's gzip module and pandas.
 */
final class GzipMemberEncoder implements AutoCloseable {
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private final ByteBuffer out = ByteBuffer.allocate(64 * 1024);

    GzipMemberEncoder(int level) {
        this.deflater = new Deflater(level, true);
    }

    /** Appends one member holding {@code data[off, off + len)} at the channel's position; returns its size. */
    long writeMember(byte[] data, int off, int len, FileChannel ch) throws IOException {
        long start = ch.position();
        out.clear();
        out.put(HEADER);
        crc.reset();
        crc.update(data, off, len);
        deflater.reset();
        deflater.setInput(data, off, len);
        deflater.finish();
        while (!deflater.finished()) {
            if (!out.hasRemaining()) {
                drain(ch);
            }
            int n = deflater.deflate(out.array(), out.position(), out.remaining());
            out.position(out.position() + n);
        }
        if (out.remaining() < 8) {
            drain(ch);
        }
        putIntLe((int) crc.getValue());
        putIntLe(len);
        drain(ch);
        return ch.position() - start;
    }

    /** Appends one member holding all bytes of {@code buf}; returns its size. */
    long writeMember(ChunkedBuffer buf, FileChannel ch) throws IOException {
        long start = ch.position();
        out.clear();
        out.put(HEADER);
        crc.reset();
        deflater.reset();
        for (int i = 0; i < buf.chunkCount(); i++) {
            byte[] c = buf.chunk(i);
            int n = buf.chunkLength(i);
            crc.update(c, 0, n);
            deflater.setInput(c, 0, n);
            while (!deflater.needsInput()) {
                deflateInto(ch);
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            deflateInto(ch);
        }
        if (out.remaining() < 8) {
            drain(ch);
        }
        putIntLe((int) crc.getValue());
        putIntLe((int) buf.size());
        drain(ch);
        return ch.position() - start;
    }

    private void deflateInto(FileChannel ch) throws IOException {
        if (!out.hasRemaining()) {
            drain(ch);
        }
        int n = deflater.deflate(out.array(), out.position(), out.remaining());
        out.position(out.position() + n);
    }

    private void putIntLe(int v) {
        out.put((byte) v).put((byte) (v >>> 8)).put((byte) (v >>> 16)).put((byte) (v >>> 24));
    }

    private void drain(FileChannel ch) throws IOException {
        out.flip();
        while (out.hasRemaining()) {
            ch.write(out);
        }
        out.clear();
    }

    @Override
    public void close() {
        deflater.end();
    }
}
