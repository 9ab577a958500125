package io.mm.sinks.day;

import org.apache.flink.metrics.Counter;

/**
 * Adds waits measured in nanoseconds to a milliseconds counter, carrying the remainder: most single waits are
 * well under a millisecond, and truncating each would report a disk that holds the writer back in many short
 * waits as never waited for.
 */
final class WaitTimeCounter {
    private final Counter millis;
    private long carriedNanos;

    WaitTimeCounter(Counter millis) {
        this.millis = millis;
    }

    void add(long nanos) {
        carriedNanos += nanos;
        long ms = carriedNanos / 1_000_000;
        if (ms > 0) {
            millis.inc(ms);
            carriedNanos -= ms * 1_000_000;
        }
    }
}
