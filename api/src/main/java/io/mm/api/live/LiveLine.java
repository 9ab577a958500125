package io.mm.api.live;

/**
 * One line of a symbol's live files ({@code live/live_depth_diffs.ndjson} or {@code live/live_trades.ndjson}),
 * with the head fields a relay needs read off its text: the recorder writes {@code recv_seq}, {@code recv_ts_us},
 * {@code exchange}, {@code symbol} first and {@code "raw"} last, so no JSON tokenizer is needed for them.
 *
 * @param diff     true for a depth diff (or a Bitfinex checksum frame), false for a trades message
 * @param seq      {@code recv_seq}
 * @param recvTsUs {@code recv_ts_us}
 * @param attempt  the recorder's job attempt ({@code -1} when the line has none)
 * @param text     the line without its newline
 * @param rawAt    where {@code ,"raw":} starts in {@link #text}
 */
public record LiveLine(boolean diff, long seq, long recvTsUs, int attempt, String text, int rawAt) {
    private static final String SEQ = "{\"recv_seq\":";
    private static final String TS = ",\"recv_ts_us\":";
    private static final String RAW = ",\"raw\":";
    private static final String ATTEMPT = ",\"attempt\":";

    /** The exchange frame embedded verbatim. */
    public String raw() {
        return text.substring(rawAt + RAW.length(), text.length() - 1);
    }

    /** The exchange's own symbol ({@code BTC/USD}, {@code tBTCUSD}), as the line names it; null if it does not. */
    public String symbol() {
        int at = text.indexOf(",\"symbol\":\"");
        if (at < 0 || at > rawAt) {
            return null;
        }
        int start = at + 11;
        int end = text.indexOf('"', start);
        return end < 0 || end > rawAt ? null : text.substring(start, end);
    }

    /** The line's fields before {@code raw}, without the opening brace: {@code "recv_seq":..,...}. */
    public String headFields() {
        return text.substring(1, rawAt);
    }

    /**
     * Reads a line's head; null when the line is not one the recorder writes. A line that holds the start of an
     * earlier, torn line (a recorder killed in mid-write, then restarted, appends after it) is read from its last
     * complete head on.
     */
    public static LiveLine parse(String line, boolean diff) {
        LiveLine l = parseAt(line, diff);
        if (l != null) {
            return l;
        }
        int last = line.lastIndexOf(SEQ);
        return last > 0 ? parseAt(line.substring(last), diff) : null;
    }

    private static LiveLine parseAt(String line, boolean diff) {
        if (!line.startsWith(SEQ) || line.charAt(line.length() - 1) != '}') {
            return null;
        }
        int seqEnd = digitsEnd(line, SEQ.length(), line.length(), 18);
        if (seqEnd == SEQ.length() || !line.startsWith(TS, seqEnd)) {
            return null;
        }
        int tsStart = seqEnd + TS.length();
        int i = digitsEnd(line, tsStart, line.length(), 18);
        if (i == tsStart) {
            return null;
        }
        int rawAt = line.indexOf(RAW, i);
        if (rawAt < 0) {
            return null;
        }
        // a second head inside means a torn line was continued by the next one
        int again = line.indexOf(SEQ, i);
        if (again >= 0 && again < rawAt) {
            return null;
        }
        int attempt = -1;
        int a = line.lastIndexOf(ATTEMPT, rawAt);
        if (a > 0) {
            int from = a + ATTEMPT.length();
            int to = digitsEnd(line, from, rawAt, 9);
            attempt = to > from ? (int) number(line, from, to) : -1;
        }
        return new LiveLine(diff, number(line, SEQ.length(), seqEnd), number(line, tsStart, i), attempt, line, rawAt);
    }

    /** Where the run of at most {@code max} digits from {@code from} ends, before {@code limit}. */
    private static int digitsEnd(String s, int from, int limit, int max) {
        int i = from;
        while (i < limit && i - from < max && Character.isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The decimal value of the digits in {@code [from, to)}. */
    private static long number(String s, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }
}
