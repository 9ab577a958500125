package io.mm.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;

/**
 * Every latency value the recorder's per-symbol histograms recorded while measured, each exactly once, by
 * exchange. A histogram only keeps its symbol's last 1,024 values: about 10 s of a busy Kraken symbol, but
 * 100 s of a Binance symbol (10 depth events a second), which reached back into the cold start; and a single
 * read at the end measures whichever 10 s came last. So the benchmark reads every histogram at least once a
 * second, and this keeps the values added since the previous read.
 *
 * <p>Which values are new relies on how Flink 2.2's {@code DescriptiveStatisticsHistogram} stores them (checked in
 * its bytecode): a ring of 1,024 filled from index 0, {@code getCount()} values written so far, and
 * {@code getValues()} in ring order, not sorted. The count is read before the values, so a value added between
 * the two reads is left for the next one.
 */
final class WindowLatencies {
    private final String name;
    /** The histograms read, found once (and again whenever the number of metrics changed), with what was read of each. */
    private final List<Tracked> tracked = new ArrayList<>();
    private int metricsSeen = -1;
    /** exchange -> its values so far. */
    private final Map<String, Values> values = new TreeMap<>();
    /** Values overwritten before a sample could read them (more than 1,024 between two reads of one symbol). */
    private long missed;
    /** Of the last {@link #sample}: values read, the largest, and how many were over {@link #SLOW_US}. */
    private long lastCount;
    private long lastMax;
    private long lastSlow;
    static final long SLOW_US = 50_000;

    private static final class Tracked {
        final String id;
        final Histogram histogram;
        final Values values;
        long seen;

        Tracked(String id, Histogram histogram, Values values, long seen) {
            this.id = id;
            this.histogram = histogram;
            this.values = values;
            this.seen = seen;
        }
    }

    private static final class Values {
        long[] a = new long[1 << 16];
        int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }
    }

    WindowLatencies(String name, Map<String, Metric> metrics) {
        this.name = name;
        track(metrics, true);
    }

    /**
     * Finds the histograms by name. One already tracked keeps what was read of it; at the start every value so far
     * is before the window, later a new histogram (a symbol that started while measured) has only values of it.
     */
    private void track(Map<String, Metric> metrics, boolean atStart) {
        if (metrics.size() == metricsSeen) {
            return;
        }
        metricsSeen = metrics.size();
        Map<String, Tracked> known = new HashMap<>();
        for (Tracked t : tracked) {
            known.put(t.id, t);
        }
        tracked.clear();
        String suffix = "." + name;
        for (Map.Entry<String, Metric> e : metrics.entrySet()) {
            if (e.getKey().endsWith(suffix) && e.getValue() instanceof Histogram h) {
                Tracked t = known.get(e.getKey());
                tracked.add(t != null ? t : new Tracked(e.getKey(), h, values.computeIfAbsent(exchangeOf(e.getKey()), k -> new Values()),
                        atStart ? h.getCount() : 0));
            }
        }
    }

    /** Adds what each histogram recorded since the last call. */
    void sample(Map<String, Metric> metrics) {
        track(metrics, false);
        lastCount = 0;
        lastMax = 0;
        lastSlow = 0;
        for (Tracked t : tracked) {
            long count = t.histogram.getCount();
            long before = t.seen;
            long[] ring = t.histogram.getStatistics().getValues();
            t.seen = count;
            long fresh = Math.min(count - before, ring.length);
            missed += count - before - Math.max(0, fresh);
            if (fresh <= 0 || ring.length == 0) {
                continue;
            }
            for (long i = count - fresh; i < count; i++) {
                long v = ring[(int) (i % ring.length)];
                t.values.add(v);
                lastCount++;
                lastMax = Math.max(lastMax, v);
                lastSlow += v > SLOW_US ? 1 : 0;
            }
        }
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
            Values v = values.get(exchange);
            out = v == null ? new long[0] : Arrays.copyOf(v.a, v.n);
        } else {
            out = new long[values.values().stream().mapToInt(v -> v.n).sum()];
            int i = 0;
            for (Values v : values.values()) {
                System.arraycopy(v.a, 0, out, i, v.n);
                i += v.n;
            }
        }
        Arrays.sort(out);
        return out;
    }
}
