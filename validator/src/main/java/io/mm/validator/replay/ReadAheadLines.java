package io.mm.validator.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 lines {@link ReadAhead ahead} of the consumer, in batches: inflating the diffs and cutting them
 * into lines was a third of a replay's task thread. Lines read before a failure are delivered first; the failure
 * is thrown where the consumer reads the line after the last good one.
 */
final class ReadAheadLines implements AutoCloseable {
    private static final int BATCH = 256;

    private record Batch(String[] lines, int size) {}

    private final ReadAhead<Batch> ahead;
    private String[] lines = new String[0];
    private int size;
    private int pos;

    ReadAheadLines(InputStream in, String threadName) {
        ahead = new ReadAhead<>(16, threadName, out -> {
            String[] b = new String[BATCH];
            int n = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
                String line;
                while ((line = r.readLine()) != null) {
                    b[n++] = line;
                    if (n == BATCH) {
                        out.put(new Batch(b, n));
                        b = new String[BATCH];
                        n = 0;
                    }
                }
                if (n > 0) {
                    out.put(new Batch(b, n));
                    n = 0;
                }
            } catch (IOException e) {
                if (n > 0) {
                    out.put(new Batch(b, n)); // what was read before the failure is delivered first
                }
                throw e;
            }
        });
    }

    /** The next line, or null at the end of the input. */
    String readLine() throws IOException {
        if (pos == size) {
            Batch b = ahead.take();
            if (b == null) {
                return null;
            }
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
        ahead.close();
    }
}
