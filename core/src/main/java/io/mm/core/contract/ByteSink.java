package io.mm.core.contract;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array that rows are rendered into; reused, so steady-state rendering does not allocate. */
public final class ByteSink {
    private byte[] buf;
    private int len;

    public ByteSink(int initial) {
        buf = new byte[Math.max(16, initial)];
    }

    public ByteSink() {
        this(256);
    }

    public void reset() {
        len = 0;
    }

    public int length() {
        return len;
    }

    public byte[] array() {
        return buf;
    }

    /** Ensures room for {@code n} more bytes and returns the write position. */
    public int reserve(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        return len;
    }

    /** Sets the length after writing directly into {@link #array()} from {@link #reserve}'s position. */
    public void advanceTo(int newLen) {
        len = newLen;
    }

    public ByteSink append(byte b) {
        reserve(1);
        buf[len++] = b;
        return this;
    }

    public ByteSink append(char c) {
        if (c < 0x80) {
            return append((byte) c);
        }
        return append(String.valueOf(c));
    }

    /** Appends text as UTF-8. */
    public ByteSink append(String s) {
        int n = s.length();
        reserve(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                byte[] b = s.substring(i).getBytes(StandardCharsets.UTF_8);
                reserve(b.length);
                System.arraycopy(b, 0, buf, len, b.length);
                len += b.length;
                return this;
            }
            buf[len++] = (byte) c;
        }
        return this;
    }

    public ByteSink append(long v) {
        reserve(20);
        if (v == Long.MIN_VALUE) {
            return append("-9223372036854775808");
        }
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int i = len + digits;
        len = i;
        do {
            buf[--i] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v > 0);
        return this;
    }

    public ByteSink append(byte[] b, int off, int n) {
        reserve(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }
}
