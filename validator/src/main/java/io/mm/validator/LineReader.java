package io.mm.validator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads {@code \n}-terminated lines as bytes, so recorded rows can be compared with replayed ones without
 * decoding either into Strings (the comparison runs once per book frame).
 */
final class LineReader implements AutoCloseable {
    private final InputStream in;
    private byte[] buf = new byte[1 << 16];
    private int start;
    private int end;
    private int lineStart;
    private int lineEnd;
    private boolean eof;

    LineReader(InputStream in) {
        this.in = in;
    }

    /** Moves to the next line; false at the end of the input. */
    boolean next() throws IOException {
        int scan = start;
        while (true) {
            for (int i = scan; i < end; i++) {
                if (buf[i] == '\n') {
                    lineStart = start;
                    lineEnd = i;
                    start = i + 1;
                    return true;
                }
            }
            if (eof) {
                if (start < end) { // a last line without its newline
                    lineStart = start;
                    lineEnd = end;
                    start = end;
                    return true;
                }
                return false;
            }
            int scanned = end - start; // no newline among these: do not scan them again
            fillMore();
            scan = start + scanned;
        }
    }

    /**
     * Moves to the next line and says whether it equals {@code other[0, len)}, comparing while it reads (one
     * pass over the bytes). Returns null at the end of the input.
     */
    Boolean nextEquals(byte[] other, int len) throws IOException {
        while (end - start < len + 1 && !eof) {
            fillMore();
        }
        if (end - start >= len + 1 && buf[start + len] == '\n' && Arrays.equals(buf, start, start + len, other, 0, len)) {
            lineStart = start;
            lineEnd = start + len;
            start += len + 1;
            return Boolean.TRUE;
        }
        if (!next()) {
            return null;
        }
        return lineEquals(other, len);
    }

    private void fillMore() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    boolean lineEquals(byte[] other, int len) {
        return Arrays.equals(buf, lineStart, lineEnd, other, 0, len);
    }

    String lineString() {
        return new String(buf, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
