package io.mm.jobs.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;

/**
 * Every latency value the recorder's per-symbol histograms recorded while measured, each exactly once, by
 * exchange. A histogram only keeps its symbol's last 1,024 values: about 10 s of a busy Kraken symbol, but
 * 100 s of a Binance symbol (10 depth events a second), which reached back into the cold start; and a single
 * read at the end measures whichever 10 s came last. So the benchmark reads every histogram four times a
 * second, and this keeps the values added since the previous read.
 *
 * <p>Which values are new relies on how Flink 2.2's {@code DescriptiveStatisticsHistogram} stores them (checked in
 * its bytecode): a ring of 1,024 filled from index 0, {@code getCount()} values written so far, and
 * {@code getValues()} in ring order, not sorted. The count is read before the values, so a value added between
 * the two reads is left for the next one.
 */
final class WindowLatencies {
    private final String name;
    private final Map<String, Long> seen = new HashMap<>();
    /** exchange -> values, and how many of them are used. */
    private final Map<String, long[]> values = new TreeMap<>();
    private final Map<String, Integer> sizes = new HashMap<>();
    /** Values overwritten before a sample could read them (more than 1,024 between two reads of one symbol). */
    private long missed;
    /** Of the last {@link #sample}: values read, the largest, and how many were over {@link #SLOW_US}. */
    private long lastCount;
    private long lastMax;
    private long lastSlow;
    static final long SLOW_US = 50_000;

    WindowLatencies(String name, Map<String, Metric> metrics) {
        this.name = name;
        forEach(metrics, (id, h) -> seen.put(id, h.getCount()));
    }

    private interface Visitor {
        void visit(String id, Histogram h);
    }

    private void forEach(Map<String, Metric> metrics, Visitor v) {
        for (Map.Entry<String, Metric> e : metrics.entrySet()) {
            if (e.getKey().endsWith("." + name) && e.getValue() instanceof Histogram h) {
                v.visit(e.getKey(), h);
            }
        }
    }

    /** Adds what each histogram recorded since the last call. */
    void sample(Map<String, Metric> metrics) {
        lastCount = 0;
        lastMax = 0;
        lastSlow = 0;
        forEach(metrics, (id, h) -> {
            long count = h.getCount();
            long before = seen.getOrDefault(id, 0L);
            long[] ring = h.getStatistics().getValues();
            seen.put(id, count);
            long fresh = Math.min(count - before, ring.length);
            missed += count - before - Math.max(0, fresh);
            if (fresh <= 0 || ring.length == 0) {
                return;
            }
            String exchange = exchangeOf(id);
            for (long i = count - fresh; i < count; i++) {
                long v = ring[(int) (i % ring.length)];
                add(exchange, v);
                lastCount++;
                lastMax = Math.max(lastMax, v);
                lastSlow += v > SLOW_US ? 1 : 0;
            }
        });
    }

    private void add(String exchange, long v) {
        long[] a = values.computeIfAbsent(exchange, k -> new long[1 << 16]);
        int n = sizes.getOrDefault(exchange, 0);
        if (n == a.length) {
            a = Arrays.copyOf(a, n * 2);
            values.put(exchange, a);
        }
        a[n] = v;
        sizes.put(exchange, n + 1);
    }

    private static String exchangeOf(String id) {
        int at = id.indexOf(".exchange.");
        if (at < 0) {
            return "?";
        }
        int from = at + ".exchange.".length();
        int to = id.indexOf('.', from);
        return to < 0 ? id.substring(from) : id.substring(from, to);
    }

    /** The last sample in one line: values read, over 50 ms, the largest in ms. */
    String lastSample() {
        return String.format(java.util.Locale.ROOT, "%6d values, %5d over %d ms, max %6.1f ms", lastCount, lastSlow, SLOW_US / 1000, lastMax / 1000.0);
    }

    long missed() {
        return missed;
    }

    /** The values of one exchange, or of all when {@code exchange} is null, sorted. */
    long[] sorted(String exchange) {
        long[] out;
        if (exchange != null) {
            out = Arrays.copyOf(values.getOrDefault(exchange, new long[0]), sizes.getOrDefault(exchange, 0));
        } else {
            out = new long[sizes.values().stream().mapToInt(Integer::intValue).sum()];
            int i = 0;
            for (Map.Entry<String, long[]> e : values.entrySet()) {
                int n = sizes.get(e.getKey());
                System.arraycopy(e.getValue(), 0, out, i, n);
                i += n;
            }
        }
        Arrays.sort(out);
        return out;
    }
}
