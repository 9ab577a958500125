package io.mm.core.contract;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The last complete line of a multi-member gzip file, read from its last intact member only: members are found from
 * the end by their header and taken when they inflate to the end of their stream with the trailer's CRC-32 and length
 * (so neither a header-like run of compressed bytes nor a torn append at the end is mistaken for one).
 */
public final class LastGzipLine {
    private static final int BLOCK = 64 * 1024;
    private static final int HEADER = 10;

    private LastGzipLine() {}

    /** The last line (without its newline) of the last intact member of {@code file}, or null when there is none. */
    public static String of(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            long size = ch.size();
            ByteBuffer block = ByteBuffer.allocate(BLOCK + 3);
            long end = size;
            while (end > 0) {
                // positions [start, end), with 3 bytes more so that a header across the boundary is seen
                long start = Math.max(0, end - BLOCK);
                block.clear();
                block.limit((int) (Math.min(end + 3, size) - start));
                int n = 0;
                while (block.hasRemaining()) {
                    int r = ch.read(block, start + n);
                    if (r <= 0) {
                        break;
                    }
                    n += r;
                }
                byte[] b = block.array();
                for (int i = (int) (end - start) - 1; i >= 0; i--) {
                    if (i + 3 < n && b[i] == 0x1f && b[i + 1] == (byte) 0x8b && b[i + 2] == 8 && b[i + 3] == 0) {
                        String line = lastLineOfMember(ch, start + i, size);
                        if (line != null) {
                            return line;
                        }
                    }
                }
                end = start;
            }
            return null;
        }
    }

    /** The member at {@code at}: its last complete line, or null when it is not an intact member. */
    private static String lastLineOfMember(FileChannel ch, long at, long size) throws IOException {
        Inflater inf = new Inflater(true);
        CRC32 crc = new CRC32();
        try {
            ByteBuffer in = ByteBuffer.allocate(BLOCK);
            byte[] out = new byte[BLOCK];
            Tail tail = new Tail();
            long pos = at + HEADER;
            long total = 0;
            while (!inf.finished()) {
                if (inf.needsInput()) {
                    if (pos >= size) {
                        return null; // torn: the stream does not end
                    }
                    in.clear();
                    int n = ch.read(in, pos);
                    if (n <= 0) {
                        return null;
                    }
                    pos += n;
                    inf.setInput(in.array(), 0, n);
                }
                int got = inf.inflate(out);
                if (got == 0 && (inf.needsDictionary() || !inf.needsInput() && !inf.finished())) {
                    return null;
                }
                crc.update(out, 0, got);
                tail.add(out, got);
                total += got;
            }
            // the trailer follows the deflate stream: CRC-32 and ISIZE, little-endian
            long trailerAt = pos - inf.getRemaining();
            ByteBuffer t = ByteBuffer.allocate(8);
            if (ch.read(t, trailerAt) != 8) {
                return null;
            }
            byte[] tb = t.array();
            long storedCrc = le32(tb, 0);
            long storedSize = le32(tb, 4);
            if (storedCrc != crc.getValue() || storedSize != (total & 0xffffffffL)) {
                return null;
            }
            return tail.lastLine();
        } catch (DataFormatException e) {
            return null;
        } finally {
            inf.end();
        }
    }

    private static long le32(byte[] b, int o) {
        return (b[o] & 0xffL) | (b[o + 1] & 0xffL) << 8 | (b[o + 2] & 0xffL) << 16 | (b[o + 3] & 0xffL) << 24;
    }

    /** The bytes of the line being read and of the last complete one. */
    private static final class Tail {
        private byte[] current = new byte[256];
        private int currentLen;
        private byte[] last;
        private int lastLen = -1;

        void add(byte[] b, int n) {
            for (int i = 0; i < n; i++) {
                if (b[i] == '\n') {
                    byte[] swap = last == null ? new byte[current.length] : last;
                    last = current;
                    lastLen = currentLen;
                    current = swap;
                    currentLen = 0;
                } else {
                    if (currentLen == current.length) {
                        current = java.util.Arrays.copyOf(current, current.length * 2);
                    }
                    current[currentLen++] = b[i];
                }
            }
        }

        String lastLine() {
            return lastLen < 0 ? null : new String(last, 0, lastLen, StandardCharsets.UTF_8);
        }
    }
}
