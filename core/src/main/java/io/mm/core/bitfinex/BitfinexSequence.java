package io.mm.core.bitfinex;

/**
 * Bitfinex's per-connection sequence number ({@code SEQ_ALL}): every public channel message of a connection,
 * heartbeats included, carries the next number, so only whoever sees the whole connection in order can tell a
 * lost, repeated or late message. One instance per connection attempt; not thread-safe.
 */
public final class BitfinexSequence {
    /** No sequence number in the frame (none granted, or not a channel message). */
    public static final long NONE = Long.MIN_VALUE;
    /** Holes remembered, so that a message arriving after its successors is told apart from a repeat. */
    static final int MISSING_REMEMBERED = 256;

    /** What a message's number says about the connection. */
    public enum Verdict {
        /** The first number of the connection, or the one expected. */
        IN_ORDER,
        /** Numbers were skipped: {@link #expected()} .. {@link #got()} - 1 never came (so far). */
        HOLE,
        /** A number skipped earlier arrived after its successors. */
        LATE,
        /** A number already seen. */
        DUPLICATE
    }

    private long expected = NONE;
    private final long[] missing = new long[MISSING_REMEMBERED];
    private int missingCount;
    private long lastExpected;
    private long lastGot;

    /** Judges the next message's number; {@link #expected()} and {@link #got()} describe a HOLE, LATE or DUPLICATE. */
    public Verdict check(long seq) {
        lastGot = seq;
        lastExpected = expected;
        if (expected == NONE || seq == expected) {
            expected = seq + 1;
            return Verdict.IN_ORDER;
        }
        if (seq > expected) {
            for (long s = expected; s < seq && s - expected < MISSING_REMEMBERED; s++) {
                remember(s);
            }
            expected = seq + 1;
            return Verdict.HOLE;
        }
        return forget(seq) ? Verdict.LATE : Verdict.DUPLICATE;
    }

    /** The number that was due (for a HOLE, the first one missing). */
    public long expected() {
        return lastExpected;
    }

    /** The number that came. */
    public long got() {
        return lastGot;
    }

    private void remember(long s) {
        if (missingCount == missing.length) {
            System.arraycopy(missing, 1, missing, 0, missing.length - 1);
            missingCount--;
        }
        missing[missingCount++] = s;
    }

    private boolean forget(long s) {
        for (int i = 0; i < missingCount; i++) {
            if (missing[i] == s) {
                System.arraycopy(missing, i + 1, missing, i, missingCount - i - 1);
                missingCount--;
                return true;
            }
        }
        return false;
    }

    /**
     * The sequence number of a channel frame {@code [CHAN_ID, <data>..., SEQ(, MTS)]} under the granted
     * {@code flags}, or {@link #NONE}. The data is one element ({@code [..]}, or a tag such as {@code "hb"}), or a
     * tag and one element ({@code "cs",CHECKSUM}, {@code "te",[..]}); SEQ is the first element after it. One scan
     * of the text, no allocation.
     */
    public static long sequenceOf(String frame, long flags) {
        long span = sequenceSpan(frame, flags);
        return span < 0 ? NONE : number(frame, (int) (span >>> 32), (int) span);
    }

    /**
     * The frame without its sequence number (a recording of one symbol replayed alone: the connection's other
     * messages are not in it, so its numbers would read as holes), or the frame itself when it has none.
     */
    public static String withoutSequence(String frame, long flags) {
        long span = sequenceSpan(frame, flags);
        if (span < 0 || number(frame, (int) (span >>> 32), (int) span) == NONE) {
            return frame;
        }
        int start = (int) (span >>> 32);
        return frame.substring(0, start - 1) + frame.substring((int) span); // the comma before it goes too
    }

    /** {@code start << 32 | end} of the SEQ element's text, or -1. */
    private static long sequenceSpan(String frame, long flags) {
        if ((flags & BitfinexParser.FLAG_SEQ_ALL) == 0 || frame.isEmpty() || frame.charAt(0) != '[') {
            return -1;
        }
        int n = frame.length();
        int depth = 0;
        int element = 0; // index of the top-level element being read
        int seqElement = -1;
        boolean inString = false;
        int start = 1;
        for (int i = 0; i < n; i++) {
            char c = frame.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    inString = true;
                    if (depth == 1 && element == 1) {
                        // a tag: "hb" carries no data, any other tag one element after it
                        seqElement = frame.startsWith("\"hb\"", i) ? 2 : 3;
                    }
                }
                case '[', '{' -> {
                    depth++;
                    if (depth == 2 && element == 1) {
                        seqElement = 2;
                    }
                }
                case ']', '}' -> {
                    depth--;
                    if (depth == 0) {
                        return element == seqElement ? (long) start << 32 | i : -1;
                    }
                }
                case ',' -> {
                    if (depth == 1) {
                        if (element == seqElement) {
                            return (long) start << 32 | i;
                        }
                        element++;
                        start = i + 1;
                    }
                }
                default -> {
                    // number, literal or space
                }
            }
        }
        return -1;
    }

    private static long number(String s, int from, int to) {
        long v = 0;
        int digits = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 18) {
                    return NONE;
                }
                v = v * 10 + (c - '0');
            } else if (c != ' ') {
                return NONE;
            }
        }
        return digits == 0 ? NONE : v;
    }
}
