package io.mm.sources.rest;

import io.mm.core.clock.RecorderClock;
import io.mm.operators.snapshot.SnapshotFetcher;
import io.mm.operators.snapshot.SnapshotFetcherFactory;
import io.mm.rest.RestEndpoints;
import io.mm.rest.RestLimits;
import org.apache.flink.metrics.MetricGroup;

/** Ships the REST configuration with the job graph and builds a {@link RestSnapshotFetcher} per operator instance. */
public record RestSnapshotFetcherFactory(RestEndpoints endpoints, RestLimits limits, String clockSpec, long clockAnchorMillis)
        implements SnapshotFetcherFactory {

    @Override
    public SnapshotFetcher create(MetricGroup metrics) {
        return new RestSnapshotFetcher(endpoints, limits, RecorderClock.parse(clockSpec, clockAnchorMillis), metrics);
    }
}
