package io.mm.operators.snapshot;

import java.io.Serializable;
import org.apache.flink.metrics.MetricGroup;

/** Creates the fetcher in each operator instance (shipped with the job graph, so it must be serializable). */
public interface SnapshotFetcherFactory extends Serializable {
    SnapshotFetcher create(MetricGroup metrics);
}
