package io.mm.sources.ws;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/** The source reader's telemetry: frames and bytes received, connections, reconnects, handovers, drops, queue depth. */
final class ReaderMetrics {
    final Counter frames;
    final Counter bytes;
    final Counter connections;
    final Counter reconnects;
    final Counter handovers;
    final Counter dropped;

    ReaderMetrics(MetricGroup g, HandOffQueue queue) {
        frames = g.counter("wsFrames");
        bytes = g.counter("wsBytes");
        connections = g.counter("wsConnections");
        reconnects = g.counter("wsReconnects");
        handovers = g.counter("wsHandovers");
        dropped = g.counter("wsFramesDropped");
        g.gauge("handOffQueueSize", (Gauge<Integer>) queue::size);
    }
}
