package io.mm.api.book;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Finds where to start reading a day's NDJSON gzip file for the lines after a {@code recv_seq}, without inflating
 * what comes before. The day-file sink appends one gzip member per commit, each starting at a line, and a day's
 * lines are in {@code recv_seq} order; so the members' first lines, found by their headers and checked by
 * inflating a few bytes, can be searched by bisection: some 15 probes for a day of members.
 *
 * <p>A file that is one member, or whose members do not start with a recorder line, is read from its start. The caller
 * makes sure the day's numbering never went back ({@link LedgerTail#numberedInOrder}).
 */
final class GzipMemberSeek {
    /** Below this many compressed bytes left to search, reading them costs less than more probes. */
    static final long MIN_SPAN = 256 << 10;
    private static final byte[] PREFIX = "{\"recv_seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 10;
    private static final int BLOCK = 64 * 1024;

    private final FileChannel ch;
    private final long size;
    private final ByteBuffer block = ByteBuffer.allocate(BLOCK);
    private final byte[] head = new byte[32];
    private final Inflater inflater = new Inflater(true);

    private GzipMemberSeek(FileChannel ch) throws IOException {
        this.ch = ch;
        this.size = ch.size();
    }

    /** The offset of a member whose first line's {@code recv_seq} is at most {@code seq}, as late as found; else 0. */
    static long memberAtOrBefore(FileChannel ch, long seq) throws IOException {
        return memberAtOrBefore(ch, seq, MIN_SPAN);
    }

    static long memberAtOrBefore(FileChannel ch, long seq, long minSpan) throws IOException {
        GzipMemberSeek s = new GzipMemberSeek(ch);
        try {
            return s.search(seq, minSpan);
        } finally {
            s.inflater.end();
        }
    }

    private long search(long seq, long minSpan) throws IOException {
        long best = 0;
        long bestSeq = Long.MIN_VALUE;
        long lo = 0;
        long hi = size;
        while (hi - lo > minSpan) {
            long mid = lo + (hi - lo) / 2;
            long[] p = firstMemberFrom(mid, hi);
            if (p == null) {
                hi = mid;
            } else if (p[1] <= seq) {
                if (p[1] < bestSeq) {
                    return 0; // lines out of order: the bisection cannot be trusted
                }
                best = p[0];
                bestSeq = p[1];
                lo = p[0] + 1;
            } else {
                hi = mid;
            }
        }
        return best;
    }

    /** The first member starting in {@code [from, to)} whose first line is a recorder line: {offset, recv_seq}; or null. */
    private long[] firstMemberFrom(long from, long to) throws IOException {
        long pos = from;
        while (pos < to) {
            block.clear();
            int n = ch.read(block, pos);
            if (n < 4) {
                return null;
            }
            byte[] b = block.array();
            for (int i = 0; i + 3 < n && pos + i < to; i++) {
                if (b[i] == 0x1f && b[i + 1] == (byte) 0x8b && b[i + 2] == 8 && b[i + 3] == 0) {
                    long s = firstSeq(pos + i);
                    if (s >= 0) {
                        return new long[] {pos + i, s};
                    }
                }
            }
            pos += n - 3; // a header may straddle two blocks
        }
        return null;
    }

    /** The recv_seq of the first line of a member at {@code at}, or -1 when no member starts there. */
    private long firstSeq(long at) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(4096);
        int n = ch.read(in, at + HEADER);
        if (n <= 0) {
            return -1;
        }
        inflater.reset();
        inflater.setInput(in.array(), 0, n);
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
        if (got <= PREFIX.length) {
            return -1;
        }
        for (int i = 0; i < PREFIX.length; i++) {
            if (head[i] != PREFIX[i]) {
                return -1;
            }
        }
        long v = 0;
        int i = PREFIX.length;
        for (; i < got && head[i] >= '0' && head[i] <= '9'; i++) {
            v = v * 10 + (head[i] - '0');
        }
        return i > PREFIX.length && i < got && head[i] == ',' ? v : -1;
    }
}
