package io.mm.sources.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Decompresses (or otherwise reads) on a thread of its own, a few blocks ahead of the consumer: a replay's
 * diffs and recorded book frames are inflated beside the work that consumes them instead of on its critical
 * path. A failure of the reading thread (a truncated gzip) is thrown to the consumer where it reads.
 */
public final class ReadAheadInputStream extends InputStream {
    private static final byte[] END = new byte[0];

    private final BlockingQueue<Object> blocks;
    private final Thread reader;
    private byte[] current = new byte[0];
    private int currentLen;
    private int pos;
    private boolean done;

    /**
     * @param blockSize bytes per block handed over
     * @param depth     blocks read ahead at most
     * @param name      the reading thread's name
     */
    public ReadAheadInputStream(InputStream in, int blockSize, int depth, String name) {
        this.blocks = new ArrayBlockingQueue<>(depth);
        this.reader = new Thread(() -> {
            byte[] b = new byte[blockSize];
            int n = 0;
            try (in) {
                while (true) {
                    int r = in.read(b, n, blockSize - n);
                    if (r < 0) {
                        if (n > 0) {
                            blocks.put(java.util.Arrays.copyOf(b, n));
                        }
                        blocks.put(END);
                        return;
                    }
                    n += r;
                    if (n == blockSize) {
                        blocks.put(b);
                        b = new byte[blockSize];
                        n = 0;
                    }
                }
            } catch (IOException e) {
                // what was read before the failure is handed over first: the consumer loses no good line
                if (n > 0) {
                    putQuietly(java.util.Arrays.copyOf(b, n));
                }
                putQuietly(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        reader.setDaemon(true);
        reader.start();
    }

    private void putQuietly(Object o) {
        try {
            blocks.put(o);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean fill() throws IOException {
        if (done) {
            return false;
        }
        Object o;
        try {
            o = blocks.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading ahead");
        }
        if (o instanceof IOException e) {
            done = true;
            throw e; // the reader's failure (a truncated gzip), where the consumer reads
        }
        byte[] b = (byte[]) o;
        if (b == END) {
            done = true;
            return false;
        }
        current = b;
        currentLen = b.length;
        pos = 0;
        return true;
    }

    @Override
    public int read() throws IOException {
        if (pos == currentLen && !fill()) {
            return -1;
        }
        return current[pos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (pos == currentLen && !fill()) {
            return -1;
        }
        int n = Math.min(len, currentLen - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() {
        reader.interrupt();
    }
}
