package io.mm.validator;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Decompresses (or otherwise reads) on a thread of its own, a few blocks ahead of the consumer: the recorded
 * book frames are inflated beside the replay instead of on its critical path.
 */
final class ReadAheadInputStream extends InputStream {
    private static final byte[] END = new byte[0];

    private final BlockingQueue<Object> blocks;
    private final Thread reader;
    private byte[] current = new byte[0];
    private int currentLen;
    private int pos;
    private boolean done;

    ReadAheadInputStream(InputStream in, int blockSize, int depth, String name) {
        this.blocks = new ArrayBlockingQueue<>(depth);
        this.reader = new Thread(() -> {
            try (in) {
                while (true) {
                    byte[] b = new byte[blockSize];
                    int n = in.readNBytes(b, 0, blockSize);
                    if (n > 0) {
                        blocks.put(n == blockSize ? b : java.util.Arrays.copyOf(b, n));
                    }
                    if (n < blockSize) {
                        blocks.put(END);
                        return;
                    }
                }
            } catch (IOException e) {
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
