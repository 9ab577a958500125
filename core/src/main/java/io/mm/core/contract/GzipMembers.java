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
 * A day file's gzip members, found without inflating the file: the day-file sink appends one member per commit, each
 * starting at a line, and a file's lines are in {@code recv_seq} order. A member is found by its header and taken only
 * once its bytes inflate as one: its first line read ({@link #atOrBefore}), or its whole stream checked against the
 * trailer's CRC-32 and length ({@link #lastLine}), so neither a header-like run of compressed bytes nor a torn append
 * at the end is mistaken for a member.
 */
public final class GzipMembers {
    /** Below this many compressed bytes left to search, reading them costs less than more probes. */
    static final long MIN_SPAN = 256 << 10;
    private static final int HEADER = 10;
    private static final int BLOCK = 64 * 1024;

    private GzipMembers() {}

    /** A gzip member's header at {@code b[i]}: magic, deflate, no optional fields (as the sink writes them). */
    private static boolean headerAt(byte[] b, int i, int n) {
        return i + 3 < n && b[i] == 0x1f && b[i + 1] == (byte) 0x8b && b[i + 2] == 8 && b[i + 3] == 0;
    }

    // ------------------------------------------------------------------ where to start reading

    /**
     * The offset of a member whose first line's {@code recv_seq} is at most {@code seq}, as late as bisection over the
     * members finds (some 15 probes for a day); 0 when there is none. The caller makes sure the file's lines are in
     * {@code recv_seq} order.
     */
    public static long atOrBefore(FileChannel ch, long seq) throws IOException {
        return atOrBefore(ch, seq, MIN_SPAN);
    }

    static long atOrBefore(FileChannel ch, long seq, long minSpan) throws IOException {
        Inflater inflater = new Inflater(true);
        try {
            long best = 0;
            long bestSeq = Long.MIN_VALUE;
            long lo = 0;
            long hi = ch.size();
            while (hi - lo > minSpan) {
                long mid = lo + (hi - lo) / 2;
                long[] p = firstMemberFrom(ch, mid, hi, inflater);
                if (p == null || p[1] > seq) {
                    hi = mid;
                } else if (p[1] < bestSeq) {
                    return 0; // lines out of order: the bisection cannot be trusted
                } else {
                    best = p[0];
                    bestSeq = p[1];
                    lo = p[0] + 1;
                }
            }
            return best;
        } finally {
            inflater.end();
        }
    }

    /** The first member starting in {@code [from, to)} whose first line is a recorder line: {offset, recv_seq}; or null. */
    private static long[] firstMemberFrom(FileChannel ch, long from, long to, Inflater inflater) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        long pos = from;
        while (pos < to) {
            block.clear();
            int n = ch.read(block, pos);
            if (n < 4) {
                return null;
            }
            byte[] b = block.array();
            for (int i = 0; i < n && pos + i < to; i++) {
                if (headerAt(b, i, n)) {
                    long s = firstSeq(ch, pos + i, inflater);
                    if (s >= 0) {
                        return new long[] {pos + i, s};
                    }
                }
            }
            pos += n - 3; // a header may straddle two blocks
        }
        return null;
    }

    /** The recv_seq the first line of a member at {@code at} begins with, or -1 when no such member starts there. */
    private static long firstSeq(FileChannel ch, long at, Inflater inflater) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(4096);
        int n = ch.read(in, at + HEADER);
        if (n <= 0) {
            return -1;
        }
        inflater.reset();
        inflater.setInput(in.array(), 0, n);
        byte[] head = new byte[32];
        int got = 0;
        try {
            while (got < head.length && !inflater.finished() && !inflater.needsInput()) {
                int r = inflater.inflate(head, got, head.length - got);
                if (r == 0) {
                    break; // a preset dictionary: not a member the sink writes
                }
                got += r;
            }
        } catch (DataFormatException e) {
            return -1;
        }
        return NdjsonLines.headSeq(new String(head, 0, got, StandardCharsets.ISO_8859_1));
    }

    // ------------------------------------------------------------------ the last line

    /** The last line (without its newline) of the last intact member of {@code file}, or null when there is none. */
    public static String lastLine(Path file) throws IOException {
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
                    if (headerAt(b, i, n)) {
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
            ByteBuffer t = ByteBuffer.allocate(8);
            if (ch.read(t, pos - inf.getRemaining()) != 8) {
                return null;
            }
            byte[] tb = t.array();
            if (le32(tb, 0) != crc.getValue() || le32(tb, 4) != (total & 0xffffffffL)) {
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
