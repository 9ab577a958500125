package io.mm.operators.book;

import io.mm.core.book.Side;
import io.mm.core.sync.BookSyncEngine;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Per-symbol telemetry in Flink's metric system (group {@code exchange.<id>.symbol.<SYMBOL>}): messages, bytes,
 * gaps, resyncs, frames, trades, sync state, book depth, buffered updates, exchange-to-receive latency and exchange-to-frame latency (the exchange's event time to
 * the book frame being written).
 */
final class SymbolMetrics {
    final Counter messages;
    final Counter bytes;
    final Counter gaps;
    final Counter resyncs;
    final Counter frames;
    final Counter trades;
    final Histogram latencyUs;
    final Histogram frameLatencyUs;

    SymbolMetrics(MetricGroup operator, String exchange, String symbol, BookSyncEngine engine) {
        MetricGroup g = operator.addGroup("exchange", exchange).addGroup("symbol", symbol);
        messages = g.counter("messages");
        bytes = g.counter("bytes");
        gaps = g.counter("gaps");
        resyncs = g.counter("resyncs");
        frames = g.counter("frames");
        trades = g.counter("trades");
        latencyUs = g.histogram("exchangeToReceiveLatencyUs", new DescriptiveStatisticsHistogram(1024));
        frameLatencyUs = g.histogram("exchangeToFrameLatencyUs", new DescriptiveStatisticsHistogram(1024));
        g.gauge("syncState", (Gauge<Integer>) () -> (int) engine.state().code()); // the stable code: dashboards keep it
        g.gauge("bookDepth", (Gauge<Integer>) () -> engine.book().depth(Side.BID) + engine.book().depth(Side.ASK));
        g.gauge("bufferedUpdates", (Gauge<Integer>) engine::buffered);
        g.gauge("epoch", (Gauge<Integer>) () -> engine.machine().epoch());
    }
}
