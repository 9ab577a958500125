package io.mm.sinks.day;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes complete gzip members (RFC 1952) with one reused {@link Deflater}, so thousands of files can be
 * compressed at each commit without holding a Deflater (and its native memory) per file (the committer keeps
 * one per thread). Concatenated
 * members are one valid gzip stream for zcat, Python's gzip module and pandas.
 */
final class GzipMemberEncoder implements AutoCloseable {
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private final ByteBuffer out = ByteBuffer.allocate(64 * 1024);
    private ByteBuffer in;

    GzipMemberEncoder(int level) {
        this.deflater = new Deflater(level, true);
    }

    /** Appends one member holding {@code data[off, off + len)} at the channel's position; returns its size. */
    long writeMember(byte[] data, int off, int len, FileChannel ch) throws IOException {
        long start = beginMember(ch);
        crc.update(data, off, len);
        deflater.setInput(data, off, len);
        return finishMember(ch, len, start);
    }

    /**
     * Starts a member at {@code dst}'s position, for one or more {@link #appendRange} calls and then
     * {@link #finishMember}; returns where it starts.
     */
    long beginMember(FileChannel dst) throws IOException {
        out.clear();
        out.put(HEADER);
        crc.reset();
        deflater.reset();
        return dst.position();
    }

    /**
     * Adds the bytes {@code [offset, offset + length)} of {@code src} to the member begun on {@code dst}, read in
     * blocks, never whole.
     */
    void appendRange(FileChannel src, long offset, long length, FileChannel dst) throws IOException {
        ByteBuffer in = input();
        long done = 0;
        while (done < length) {
            in.clear();
            in.limit((int) Math.min(in.capacity(), length - done));
            int n = src.read(in, offset + done);
            if (n <= 0) {
                throw new IOException("staged data ends " + (length - done) + " bytes early");
            }
            crc.update(in.array(), 0, n);
            deflater.setInput(in.array(), 0, n);
            while (!deflater.needsInput()) {
                deflateInto(dst);
            }
            done += n;
        }
    }

    /**
     * Ends the deflate stream and writes the trailer: CRC32, then ISIZE ({@code length}, all the member's
     * uncompressed bytes, modulo 2^32, RFC 1952); returns the member's size.
     */
    long finishMember(FileChannel ch, long length, long start) throws IOException {
        deflater.finish();
        while (!deflater.finished()) {
            deflateInto(ch);
        }
        if (out.remaining() < 8) {
            drain(ch);
        }
        putIntLe((int) crc.getValue());
        putIntLe((int) length);
        drain(ch);
        return ch.position() - start;
    }

    private ByteBuffer input() {
        if (in == null) {
            in = ByteBuffer.allocate(256 * 1024);
        }
        return in;
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
