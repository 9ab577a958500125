package io.mm.sources.ws;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

/**
 * The source reader's telemetry: frames and bytes received, connections, reconnects, handovers, drops, queue depth.
 * Every connection counts on its own socket's thread, so the counters are thread-safe: none loses a concurrent count.
 */
final class ReaderMetrics {
    final Counter frames;
    final Counter bytes;
    final Counter connections;
    final Counter reconnects;
    final Counter handovers;
    final Counter dropped;

    ReaderMetrics(MetricGroup g, HandOffQueue queue) {
        frames = g.counter("wsFrames", new ThreadSafeSimpleCounter());
        bytes = g.counter("wsBytes", new ThreadSafeSimpleCounter());
        connections = g.counter("wsConnections", new ThreadSafeSimpleCounter());
        reconnects = g.counter("wsReconnects", new ThreadSafeSimpleCounter());
        handovers = g.counter("wsHandovers", new ThreadSafeSimpleCounter());
        dropped = g.counter("wsFramesDropped", new ThreadSafeSimpleCounter());
        g.gauge("handOffQueueSize", (Gauge<Integer>) queue::size);
    }
}
