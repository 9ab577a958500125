package io.mm.api.metrics;

import java.util.Arrays;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * One symbol's closes at one interval as the live trades build them: the last trade price of each interval, in a ring
 * of the newest {@code capacity} intervals (8 bytes an interval, grown as the intervals come, so a server that runs
 * for months holds a bounded few MB per symbol and interval asked for). Trades come in order: one of an interval older
 * than the newest is left out. Thread-safe: the relay's thread writes, the metrics threads read.
 */
final class LiveCloses {
    private static final int INITIAL = 1024;

    private final long ivMs;
    private final int capacity;
    /** By interval number modulo the length; NaN where the interval had no trade. */
    private double[] ring;
    private long oldest;
    private long newest = Long.MIN_VALUE;

    LiveCloses(long ivMs, int capacity) {
        if (ivMs <= 0 || capacity < 1) {
            throw new IllegalArgumentException("interval " + ivMs + " ms, capacity " + capacity);
        }
        this.ivMs = ivMs;
        this.capacity = capacity;
        this.ring = new double[Math.min(INITIAL, capacity)];
        Arrays.fill(ring, Double.NaN);
    }

    long intervalMillis() {
        return ivMs;
    }

    /** A trade at {@code ms}: the close of its interval so far. */
    synchronized void trade(long ms, double price) {
        long n = Math.floorDiv(ms, ivMs);
        if (newest == Long.MIN_VALUE) {
            oldest = n;
            newest = n;
        } else if (n < newest) {
            return;
        } else if (n > newest) {
            advance(n);
        }
        ring[slot(n)] = price;
    }

    /** Makes {@code n} the newest interval: the ring grows while it may, else the oldest intervals make room. */
    private void advance(long n) {
        long span = n - oldest + 1;
        if (span > ring.length && ring.length < capacity) {
            double[] next = new double[(int) Math.min(capacity, Math.max(span, 2L * ring.length))];
            Arrays.fill(next, Double.NaN);
            for (long k = Math.max(oldest, newest - ring.length + 1); k <= newest; k++) {
                next[(int) Math.floorMod(k, (long) next.length)] = ring[slot(k)];
            }
            ring = next;
        }
        if (n - newest >= ring.length) {
            Arrays.fill(ring, Double.NaN);
        } else {
            for (long k = newest + 1; k <= n; k++) {
                ring[slot(k)] = Double.NaN;
            }
        }
        newest = n;
        oldest = Math.max(oldest, n - ring.length + 1);
    }

    private int slot(long n) {
        return (int) Math.floorMod(n, (long) ring.length);
    }

    /**
     * Adds the closes of {@code [startMs, endMs)} that {@code into} lacks (by interval open time), of the intervals
     * {@code mayFill} allows; how many it added.
     */
    synchronized int fill(Map<Long, Double> into, long startMs, long endMs, LongPredicate mayFill) {
        if (newest == Long.MIN_VALUE) {
            return 0;
        }
        int added = 0;
        long last = Math.min(newest, Math.floorDiv(endMs - 1, ivMs));
        for (long k = Math.max(oldest, Math.floorDiv(startMs + ivMs - 1, ivMs)); k <= last; k++) {
            double c = ring[slot(k)];
            if (!Double.isNaN(c) && !into.containsKey(k * ivMs) && mayFill.test(k * ivMs)) {
                into.put(k * ivMs, c);
                added++;
            }
        }
        return added;
    }

    /** The intervals the ring holds room for. */
    synchronized int length() {
        return ring.length;
    }
}
