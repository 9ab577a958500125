package io.mm.bench;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.Deflater;

/**
 * A fixed piece of work timed before and after the measured window, so a reader can tell a slow run from a slow
 * host: this machine is a VM whose speed varied up to fivefold within minutes (docs/benchmarks.md), more than
 * most changes being compared. Two probes on one core: deflating 8 MiB of generated book rows at level 6 (kept
 * at 6 when the default became 5, so probes compare across rounds; deflate is the
 * recorder's heaviest work, bound by the core), and a chase of dependent reads through 64 MiB (bound by memory
 * latency, as 500 books, their files and their metrics are: the host's neighbours slowed this one most).
 */
final class HostSpeed {
    /** Built on first use (a second or two), not when the class loads. */
    private static final class Probes {
        static final byte[] ROWS = rows(8 << 20);
        static final int[] CHASE = chase(16 << 20);
    }

    private HostSpeed() {
    }

    private static byte[] rows(int size) {
        Random r = new Random(1);
        StringBuilder sb = new StringBuilder(size + 512);
        long mid = 6_500_000;
        while (sb.length() < size) {
            mid += r.nextInt(5) - 2;
            sb.append(1_700_000_000_000_000L + sb.length()).append(',').append(sb.length() / 97);
            for (int level = 0; level < 20; level++) {
                sb.append(',').append(mid - level).append('.').append(r.nextInt(10)).append(',').append(r.nextInt(3000) / 1000.0);
            }
            sb.append('\n');
        }
        return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    /** A single cycle through all {@code n} slots in random order: each read's index is the previous read's value. */
    static int[] chase(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random r = new Random(2);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            next[order[i]] = order[(i + 1) % n];
        }
        return next;
    }

    /** Nanoseconds per dependent read through 64 MiB now. */
    static double memoryNanos() {
        int reads = 4_000_000;
        int[] chase = Probes.CHASE;
        int at = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < reads; i++) {
            at = chase[at];
        }
        double ns = (System.nanoTime() - t0) / (double) reads;
        return at < 0 ? -ns : ns; // uses the result, so the loop is not removed
    }

    /** Milliseconds the deflate probe takes now. */
    static double deflateMillis() {
        Deflater d = new Deflater(6, true);
        byte[] out = new byte[64 * 1024];
        try {
            long t0 = System.nanoTime();
            d.setInput(Probes.ROWS);
            d.finish();
            while (!d.finished()) {
                d.deflate(out);
            }
            return (System.nanoTime() - t0) / 1e6;
        } finally {
            d.end();
        }
    }
}
