package io.mm.sources.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads UTF-8 lines on a thread of its own, a few batches ahead of the consumer. A replay's task thread runs
 * the source, the book operator and the comparison chained together; inflating the diffs and cutting them into
 * lines is a third of its work and needs nothing from it, so it moves to the machine's other core.
 *
 * <p>Lines read before a failure are delivered first; the failure (a truncated gzip, say) is thrown where the
 * consumer reads the line after the last good one.
 */
final class ReadAheadLines implements AutoCloseable {
    private static final int BATCH = 256;
    private static final Object END = new Object();

    private record Batch(String[] lines, int size) {}

    private final BlockingQueue<Object> batches = new ArrayBlockingQueue<>(16);
    private final Thread reader;
    private String[] lines = new String[0];
    private int size;
    private int pos;
    private boolean done;

    ReadAheadLines(InputStream in, String threadName) {
        reader = new Thread(() -> readAll(in), threadName);
        reader.setDaemon(true);
        reader.start();
    }

    private void readAll(InputStream in) {
        String[] b = new String[BATCH];
        int n = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = r.readLine()) != null) {
                b[n++] = line;
                if (n == BATCH) {
                    batches.put(new Batch(b, n));
                    b = new String[BATCH];
                    n = 0;
                }
            }
            if (n > 0) {
                batches.put(new Batch(b, n));
            }
            batches.put(END);
        } catch (IOException e) {
            try {
                if (n > 0) {
                    batches.put(new Batch(b, n));
                }
                batches.put(e);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt(); // closed by the consumer: nobody is waiting for the failure
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed by the consumer
        }
    }

    /** The next line, or null at the end of the input. */
    String readLine() throws IOException {
        if (pos == size) {
            if (done) {
                return null;
            }
            Object o;
            try {
                o = batches.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading ahead");
            }
            if (o == END) {
                done = true;
                return null;
            }
            if (o instanceof IOException e) {
                done = true;
                throw e;
            }
            Batch b = (Batch) o;
            lines = b.lines;
            size = b.size;
            pos = 0;
        }
        String line = lines[pos];
        lines[pos++] = null; // the batch outlives its lines otherwise
        return line;
    }

    @Override
    public void close() {
        reader.interrupt();
    }
}
