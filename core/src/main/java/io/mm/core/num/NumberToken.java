package io.mm.core.num;

/**
 * A reusable parse result for one JSON number (or numeric string): the digits as an integer and the format
 * word of {@link NumberText}. Accepts exactly the JSON number grammar
 * {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, up to 18 significant digits, so that the
 * text can always be written back byte for byte.
 */
public final class NumberToken {
    /** All digits written, as one integer, with the sign: "0.00100000" gives 100000, "-4847.13" gives -484713. */
    public long unscaled;
    /** The format word, see {@link NumberText}. */
    public int format;
    /** Why the last {@link #parse} failed, or null. */
    public String error;

    public boolean parse(CharSequence s) {
        char[] c = new char[s.length()];
        for (int i = 0; i < c.length; i++) {
            c[i] = s.charAt(i);
        }
        return parse(c, 0, c.length);
    }

    /** Parses {@code len} chars at {@code off}. Allocation-free on success. */
    public boolean parse(char[] b, int off, int len) {
        error = null;
        int i = off;
        int end = off + len;
        int fmt = 0;
        if (i < end && b[i] == '-') {
            fmt |= NumberText.NEGATIVE;
            i++;
        }
        if (i >= end) {
            return fail("empty number");
        }
        long m = 0;
        int significant = 0;
        char c = b[i];
        if (c == '0') {
            i++;
        } else if (c >= '1' && c <= '9') {
            while (i < end && (c = b[i]) >= '0' && c <= '9') {
                if (++significant > 18) {
                    return fail("more than 18 digits");
                }
                m = m * 10 + (c - '0');
                i++;
            }
        } else {
            return fail("not a number");
        }
        int frac = 0;
        if (i < end && b[i] == '.') {
            i++;
            int start = i;
            while (i < end && (c = b[i]) >= '0' && c <= '9') {
                if (m != 0 || c != '0') {
                    if (++significant > 18) {
                        return fail("more than 18 digits");
                    }
                }
                m = m * 10 + (c - '0');
                frac++;
                i++;
            }
            if (i == start) {
                return fail("no digits after '.'");
            }
            if (frac > NumberText.FRAC_MASK) {
                return fail("more than 63 decimals");
            }
        }
        if (i < end && ((c = b[i]) == 'e' || c == 'E')) {
            fmt |= NumberText.HAS_EXP;
            if (c == 'E') {
                fmt |= NumberText.EXP_UPPER;
            }
            i++;
            boolean expNeg = false;
            if (i < end && b[i] == '+') {
                fmt |= NumberText.EXP_PLUS;
                i++;
            } else if (i < end && b[i] == '-') {
                expNeg = true;
                fmt |= NumberText.EXP_MINUS;
                i++;
            }
            int start = i;
            int exp = 0;
            while (i < end && (c = b[i]) >= '0' && c <= '9') {
                exp = exp * 10 + (c - '0');
                i++;
                if (i - start > 4 || exp > 127) {
                    return fail("exponent out of range");
                }
            }
            if (i == start) {
                return fail("no digits in exponent");
            }
            fmt |= (i - start - 1) << NumberText.EXP_WIDTH_SHIFT;
            fmt |= ((expNeg ? -exp : exp) & 0xFF) << NumberText.EXP_SHIFT;
        }
        if (i != end) {
            return fail("unexpected character '" + b[i] + "'");
        }
        unscaled = (fmt & NumberText.NEGATIVE) != 0 ? -m : m;
        format = fmt | frac;
        return true;
    }

    private boolean fail(String why) {
        error = why;
        return false;
    }
}
