package io.mm.core.binance;

import io.mm.core.book.Side;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.Interner;
import io.mm.core.num.NumberToken;

/**
 * The fast path of {@link BinanceParser}: a scanner for exactly the shape Binance sends a diff-depth event in,
 * raw ({@code {"e":"depthUpdate","E":..,"s":"..","U":..,"u":..,"b":[["p","q"],..],"a":[..]}}) or wrapped in a
 * combined stream ({@code {"stream":"..","data":{..}}}), with no whitespace. Anything else (another field order,
 * an extra field, an escape, a space) makes it give up, and the general Jackson path parses the frame: the
 * scanner never decides that a frame is malformed. It reads each character once, where a general tokenizer
 * costs more than applying the update (docs/benchmarks.md, {@code BinanceBench}).
 */
final class DepthUpdateScanner {
    private static final char[] STREAM = "{\"stream\":\"".toCharArray();
    private static final char[] DATA = "\",\"data\":".toCharArray();
    private static final char[] EVENT = "{\"e\":\"depthUpdate\",\"E\":".toCharArray();
    private static final char[] SYMBOL = ",\"s\":\"".toCharArray();
    private static final char[] FIRST = "\",\"U\":".toCharArray();
    private static final char[] LAST = ",\"u\":".toCharArray();
    private static final char[] BIDS = ",\"b\":".toCharArray();
    private static final char[] ASKS = ",\"a\":".toCharArray();

    private final NumberToken price = new NumberToken();
    private final NumberToken qty = new NumberToken();
    private char[] buf = new char[1024];
    private int pos;
    private int len;

    // results, valid after scan() returned true
    long eventTime;
    long firstId;
    long lastId;
    String symbol;

    /** Scans {@code frame} into {@code depth}; false (with {@code depth} possibly half filled) when the shape differs. */
    boolean scan(String frame, DepthUpdate depth, Interner symbols) {
        len = frame.length();
        if (buf.length < len) {
            buf = new char[Math.max(len, buf.length * 2)];
        }
        frame.getChars(0, len, buf, 0);
        pos = 0;
        boolean wrapped = false;
        if (match(STREAM)) {
            while (pos < len && buf[pos] != '"') {
                if (buf[pos] == '\\') {
                    return false;
                }
                pos++;
            }
            if (!match(DATA)) {
                return false;
            }
            wrapped = true;
        }
        if (!match(EVENT) || (eventTime = integer()) < 0 || !match(SYMBOL)) {
            return false;
        }
        int s = pos;
        while (pos < len && isSymbolChar(buf[pos])) {
            pos++;
        }
        if (pos == s || pos >= len) {
            return false;
        }
        symbol = symbols.intern(buf, s, pos - s);
        if (!match(FIRST) || (firstId = integer()) < 0 || !match(LAST) || (lastId = integer()) < 0) {
            return false;
        }
        if (!match(BIDS) || !levels(depth, Side.BID) || !match(ASKS) || !levels(depth, Side.ASK)) {
            return false;
        }
        if (pos >= len || buf[pos++] != '}') {
            return false;
        }
        if (wrapped && (pos >= len || buf[pos++] != '}')) {
            return false;
        }
        return pos == len;
    }

    private static boolean isSymbolChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == '-' || c == '_';
    }

    private boolean match(char[] token) {
        if (pos + token.length > len) {
            return false;
        }
        for (int i = 0; i < token.length; i++) {
            if (buf[pos + i] != token[i]) {
                return false;
            }
        }
        pos += token.length;
        return true;
    }

    /** A non-negative integer of at most 18 digits, or -1. */
    private long integer() {
        int s = pos;
        long v = 0;
        while (pos < len && buf[pos] >= '0' && buf[pos] <= '9') {
            v = v * 10 + (buf[pos++] - '0');
        }
        int n = pos - s;
        if (n == 0 || n > 18 || (n > 1 && buf[s] == '0')) {
            return -1;
        }
        return v;
    }

    /** {@code [["p","q"],...]} into {@code depth}; false on any other shape or a number the token refuses. */
    private boolean levels(DepthUpdate depth, Side side) {
        if (pos >= len || buf[pos++] != '[') {
            return false;
        }
        if (pos < len && buf[pos] == ']') {
            pos++;
            return true;
        }
        while (true) {
            if (pos + 2 > len || buf[pos] != '[' || buf[pos + 1] != '"') {
                return false;
            }
            pos += 2;
            if (!number(price) || pos + 3 > len || buf[pos] != '"' || buf[pos + 1] != ',' || buf[pos + 2] != '"') {
                return false;
            }
            pos += 3;
            if (!number(qty) || pos + 2 > len || buf[pos] != '"' || buf[pos + 1] != ']') {
                return false;
            }
            pos += 2;
            if (price.unscaled < 0 || qty.unscaled < 0) {
                return false; // the general path words the error
            }
            depth.addLevel(side, price.unscaled, price.format, qty.unscaled, qty.format, 0);
            if (pos >= len) {
                return false;
            }
            char c = buf[pos++];
            if (c == ']') {
                return true;
            }
            if (c != ',') {
                return false;
            }
        }
    }

    /** Fraction digits a format word can hold (NumberText's FRAC_MASK). */
    private static final int MAX_FRACTION = 63;

    /**
     * A plain non-negative decimal ({@code 123.4500}, Binance's only shape) read in the same pass that finds its
     * end, giving what {@link NumberToken#parse} gives for it (digits as a long, the format word holding the
     * fraction digits); any other shape (a sign, an exponent, more than 18 significant digits) is left to
     * {@code NumberToken}, which accepts or refuses it with its own rules.
     */
    private boolean number(NumberToken t) {
        int s = pos;
        int i = pos;
        long m = 0;
        int significant = 0;
        char c;
        if (i < len && (c = buf[i]) >= '1' && c <= '9') {
            do {
                m = m * 10 + (c - '0');
                significant++;
                i++;
            } while (i < len && (c = buf[i]) >= '0' && c <= '9');
        } else if (i < len && buf[i] == '0') {
            i++;
        } else {
            return general(t, s);
        }
        int frac = 0;
        if (i < len && buf[i] == '.') {
            int f = ++i;
            while (i < len && (c = buf[i]) >= '0' && c <= '9') {
                if (m != 0 || c != '0') {
                    significant++;
                }
                m = m * 10 + (c - '0');
                i++;
            }
            frac = i - f;
            if (frac == 0) {
                return general(t, s);
            }
        }
        if (i >= len || buf[i] != '"' || significant > 18 || frac > MAX_FRACTION) {
            return general(t, s);
        }
        t.unscaled = m;
        t.format = frac;
        pos = i;
        return true;
    }

    private boolean general(NumberToken t, int s) {
        pos = s;
        while (pos < len && buf[pos] != '"') {
            pos++;
        }
        return pos > s && pos < len && t.parse(buf, s, pos - s);
    }
}
