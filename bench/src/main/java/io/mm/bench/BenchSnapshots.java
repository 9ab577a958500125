package io.mm.bench;

import io.mm.core.Exchange;
import io.mm.operators.snapshot.SnapshotFetcher;
import io.mm.operators.snapshot.SnapshotFetcherFactory;
import io.mm.operators.snapshot.SnapshotResponse;
import java.util.function.Consumer;
import org.apache.flink.metrics.MetricGroup;

/** Serves a synthetic stream's REST snapshot in process, through the same interface the REST fetcher implements. */
record BenchSnapshots(long seed) implements SnapshotFetcherFactory {
    @Override
    public SnapshotFetcher create(MetricGroup metrics) {
        String body = new SyntheticBinance(seed, 0).snapshot();
        return new SnapshotFetcher() {
            @Override
            public void fetch(Exchange exchange, String symbol, int limit, Consumer<SnapshotResponse> callback) {
                long now = System.currentTimeMillis() * 1000;
                callback.accept(new SnapshotResponse(true, body, 200, null, "bench://snapshot", now, now));
            }

            @Override
            public void close() {
            }
        };
    }
}
