package io.mm.core.num;

/**
 * Exchange numbers without {@code BigDecimal}: a value is a {@code long} scaled to some number of decimals
 * plus a <em>format word</em> that remembers how the exchange wrote it, so the exact text it sent can be
 * written back without keeping a {@code String} per level.
 *
 * <p>Why: Bitfinex checksums hash numbers as sent ({@code 7e-7}, not {@code 0.0000007}), Binance's CSV
 * contract wants its strings as sent ({@code "0.35130000"}), and Kraken's checksum wants the value printed
 * with the instrument's precision. All three are derived here from (scaled value, scale, format).
 *
 * <p>Format word layout (an {@code int}):
 * <pre>
 *  bits 0-5   digits written after the decimal point (0..63)
 *  bit  6     an exponent was written
 *  bit  7     the exponent marker was 'E' (else 'e')
 *  bit  8     the exponent had an explicit '+'
 *  bits 9-10  exponent digits written, minus one (so "e-07" keeps its zero)
 *  bit  11    a '-' was written (kept so that "-0.0" survives)
 *  bit  12    the exponent had an explicit '-' (kept so that "e-0" survives)
 *  bits 16-23 the exponent, a signed byte
 * </pre>
 * The <em>written scale</em> of a token is {@code fractionDigits - exponent}: "0.00100000" has 8, "7e-7" has
 * 7, "1.7e-7" has 8, "1e3" has -3. A value can be held at any scale at least its written scale.
 */
public final class NumberText {
    /** Returned by conversions that cannot represent the value; never a legal scaled value. */
    public static final long INVALID = Long.MIN_VALUE;

    public static final int MAX_SCALE = 18;

    static final int FRAC_MASK = 0x3F;
    static final int HAS_EXP = 1 << 6;
    static final int EXP_UPPER = 1 << 7;
    static final int EXP_PLUS = 1 << 8;
    static final int EXP_WIDTH_SHIFT = 9;
    static final int NEGATIVE = 1 << 11;
    static final int EXP_MINUS = 1 << 12;
    static final int EXP_SHIFT = 16;

    private static final long[] POW10 = new long[19];
    /** The largest magnitude that can be multiplied by 10^k without overflow. */
    private static final long[] MAX_BEFORE_POW10 = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            MAX_BEFORE_POW10[i] = Long.MAX_VALUE / p;
            p *= 10;
        }
    }

    private NumberText() {}

    /** A plain decimal format word with {@code fractionDigits} digits after the point (as Binance writes). */
    public static int plainFormat(int fractionDigits) {
        if (fractionDigits < 0 || fractionDigits > FRAC_MASK) {
            throw new IllegalArgumentException("fraction digits out of range: " + fractionDigits);
        }
        return fractionDigits;
    }

    public static int fractionDigits(int format) {
        return format & FRAC_MASK;
    }

    public static boolean hasExponent(int format) {
        return (format & HAS_EXP) != 0;
    }

    public static int exponent(int format) {
        return (byte) (format >>> EXP_SHIFT);
    }

    public static boolean negative(int format) {
        return (format & NEGATIVE) != 0;
    }

    /** The same format without its sign (the book keeps magnitudes; the side carries the sign). */
    public static int withoutSign(int format) {
        return format & ~NEGATIVE;
    }

    /** Digits after the point needed to hold the value exactly: fraction digits minus exponent. */
    public static int writtenScale(int format) {
        return (format & FRAC_MASK) - exponent(format);
    }

    public static long pow10(int n) {
        return POW10[n];
    }

    /**
     * The token's value at {@code scale} decimals, or {@link #INVALID} if it does not fit in a long or
     * has non-zero digits beyond {@code scale}.
     */
    public static long toScaled(long unscaled, int format, int scale) {
        int k = scale - writtenScale(format);
        if (k == 0) {
            return unscaled; // the common case on the apply path: the exchange writes every number at the book's scale
        }
        if (k > 0) {
            if (k > 18) {
                return unscaled == 0 ? 0 : INVALID;
            }
            if (Math.abs(unscaled) > MAX_BEFORE_POW10[k]) { // a table, not a 64-bit division per level
                return INVALID;
            }
            return unscaled * POW10[k];
        }
        if (-k > 18) {
            return unscaled == 0 ? 0 : INVALID;
        }
        long p = POW10[-k];
        if (unscaled % p != 0) {
            return INVALID;
        }
        return unscaled / p;
    }

    /** Multiplies by 10^k, or {@link #INVALID} on overflow. */
    public static long rescale(long scaled, int k) {
        if (k == 0) {
            return scaled;
        }
        if (k < 0 || k > 18 || Math.abs(scaled) > MAX_BEFORE_POW10[k]) {
            return INVALID;
        }
        return scaled * POW10[k];
    }

    /**
     * Writes the number exactly as the exchange sent it, given its value at {@code scale} decimals and its
     * format word. Requires {@code scale >= writtenScale(format)}. Returns the position after the text.
     */
    public static int writeAsSent(long scaled, int scale, int format, byte[] out, int pos) {
        int ws = writtenScale(format);
        long unscaled;
        int k = scale - ws;
        if (k == 0) {
            unscaled = scaled;
        } else if (k > 0) {
            unscaled = scaled / POW10[k];
        } else {
            unscaled = scaled * POW10[-k];
        }
        return writeUnscaled(unscaled, format, out, pos);
    }

    /** Writes the token text for an unscaled value and its format word. */
    public static int writeUnscaled(long unscaled, int format, byte[] out, int pos) {
        if ((format & NEGATIVE) != 0 || unscaled < 0) {
            out[pos++] = '-';
        }
        pos = writeDigitsWithPoint(Math.abs(unscaled), format & FRAC_MASK, out, pos);
        if ((format & HAS_EXP) != 0) {
            out[pos++] = (byte) ((format & EXP_UPPER) != 0 ? 'E' : 'e');
            int exp = exponent(format);
            if ((format & EXP_MINUS) != 0) {
                out[pos++] = '-';
            } else if ((format & EXP_PLUS) != 0) {
                out[pos++] = '+';
            }
            int width = ((format >>> EXP_WIDTH_SHIFT) & 0x3) + 1;
            pos = writePadded(Math.abs(exp), width, out, pos);
        }
        return pos;
    }

    /**
     * Writes the value in plain decimal notation (no exponent) with as many decimals as the exchange's
     * text carried: "7e-7" becomes "0.0000007", "266122.94" stays, "1e3" becomes "1000".
     */
    public static int writePlain(long scaled, int scale, int format, byte[] out, int pos) {
        return writeFixed(scaled, scale, Math.max(0, writtenScale(format)), out, pos);
    }

    /**
     * Writes the value with exactly {@code decimals} digits after the point (trailing zeros kept), as
     * Kraken's instrument precision requires. Digits beyond {@code decimals} are truncated.
     */
    public static int writeFixed(long scaled, int scale, int decimals, byte[] out, int pos) {
        long v = atDecimals(scaled, scale, decimals);
        if (v < 0) {
            out[pos++] = '-';
            v = -v;
        }
        return writeDigitsWithPoint(v, decimals, out, pos);
    }

    /**
     * Kraken checksum text: the value with {@code decimals} decimals, the point removed and leading zeros
     * stripped ("0.00100000" becomes "100000"). Zero writes nothing, as the documented algorithm does.
     */
    public static int writeChecksumDigits(long scaled, int scale, int decimals, byte[] out, int pos) {
        long v = Math.abs(atDecimals(scaled, scale, decimals));
        if (v == 0) {
            return pos;
        }
        return writePadded(v, 1, out, pos);
    }

    private static long atDecimals(long scaled, int scale, int decimals) {
        if (decimals == scale) {
            return scaled;
        }
        return decimals < scale ? scaled / POW10[scale - decimals] : scaled * POW10[decimals - scale];
    }

    /** Two ASCII digits for every value 0..99: halves the divisions of digit writing. */
    private static final byte[] DIGIT_PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    /** Digits of {@code mag}, at least {@code frac + 1} of them, with a point before the last {@code frac}. */
    private static int writeDigitsWithPoint(long mag, int frac, byte[] out, int pos) {
        int digits = Math.max(digitCount(mag), frac + 1);
        if (frac == 0) {
            writeDigits(mag, digits, out, pos + digits);
            return pos + digits;
        }
        int end = pos + digits + 1;
        // fraction digits right of the point, integer digits left of it
        long p = POW10[Math.min(frac, 18)];
        writeDigits(frac >= 19 ? mag : mag % p, frac, out, end);
        out[end - frac - 1] = '.';
        writeDigits(frac >= 19 ? 0 : mag / p, digits - frac, out, end - frac - 1);
        return end;
    }

    /** Writes exactly {@code n} digits of {@code v} (zero-padded) ending before {@code end}. */
    private static void writeDigits(long v, int n, byte[] out, int end) {
        int i = end;
        while (n >= 2) {
            int r = (int) (v % 100);
            v /= 100;
            out[--i] = DIGIT_PAIRS[2 * r + 1];
            out[--i] = DIGIT_PAIRS[2 * r];
            n -= 2;
        }
        if (n == 1) {
            out[--i] = (byte) ('0' + v % 10);
        }
    }

    private static int writePadded(long v, int minDigits, byte[] out, int pos) {
        int digits = Math.max(digitCount(v), minDigits);
        writeDigits(v, digits, out, pos + digits);
        return pos + digits;
    }

    /** Decimal digits of a non-negative long (1 for 0), by comparisons, not divisions. */
    static int digitCount(long v) {
        for (int n = 1; n < 19; n++) {
            if (v < POW10[n]) {
                return n;
            }
        }
        return 19;
    }

    /** Convenience for tests and cold paths: the text {@link #writeAsSent} would produce. */
    public static String asSent(long scaled, int scale, int format) {
        byte[] b = new byte[64];
        return new String(b, 0, writeAsSent(scaled, scale, format, b, 0), java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Convenience for tests and cold paths: the text {@link #writePlain} would produce. */
    public static String plain(long scaled, int scale, int format) {
        byte[] b = new byte[64];
        return new String(b, 0, writePlain(scaled, scale, format, b, 0), java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Convenience for tests and cold paths: the text {@link #writeFixed} would produce. */
    public static String fixed(long scaled, int scale, int decimals) {
        byte[] b = new byte[64];
        return new String(b, 0, writeFixed(scaled, scale, decimals, b, 0), java.nio.charset.StandardCharsets.US_ASCII);
    }
}
