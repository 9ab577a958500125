package io.mm.validator.replay;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads (decompresses) an input stream {@link ReadAhead ahead} of the consumer, in blocks: the validator inflates
 * the recorded book frames beside the replay instead of on its critical path. A failure of the input (a
 * truncated gzip) is thrown where the consumer reads past the last good block.
 */
public final class ReadAheadInputStream extends InputStream {
    private final ReadAhead<byte[]> ahead;
    private byte[] current = new byte[0];
    private int pos;

    public ReadAheadInputStream(InputStream in, int blockSize, int depth, String threadName) {
        ahead = new ReadAhead<>(depth, threadName, out -> {
            try (in) {
                while (true) {
                    byte[] b = new byte[blockSize];
                    int n = in.readNBytes(b, 0, blockSize);
                    if (n > 0) {
                        out.put(n == blockSize ? b : Arrays.copyOf(b, n));
                    }
                    if (n < blockSize) {
                        return;
                    }
                }
            }
        });
    }

    private boolean fill() throws IOException {
        byte[] b = ahead.take();
        if (b == null) {
            return false;
        }
        current = b;
        pos = 0;
        return true;
    }

    @Override
    public int read() throws IOException {
        if (pos == current.length && !fill()) {
            return -1;
        }
        return current[pos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (pos == current.length && !fill()) {
            return -1;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() {
        ahead.close();
    }
}
