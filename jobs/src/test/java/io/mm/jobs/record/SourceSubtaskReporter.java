package io.mm.jobs.record;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A test reporter that keeps, per job, each WebSocket source subtask's {@code wsConnections} counter: which
 * subtasks of a run opened connections.
 */
public final class SourceSubtaskReporter implements MetricReporter, MetricReporterFactory {
    private static final Map<String, Map<Integer, Counter>> CONNECTIONS = new ConcurrentHashMap<>();

    /** Connections opened by each source subtask of the job, by subtask index. */
    static Map<Integer, Long> connections(String jobId) {
        Map<Integer, Long> out = new TreeMap<>();
        CONNECTIONS.getOrDefault(jobId, Map.of()).forEach((subtask, c) -> out.put(subtask, c.getCount()));
        return out;
    }

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new SourceSubtaskReporter();
    }

    @Override
    public void open(MetricConfig config) {
    }

    @Override
    public void close() {
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (name.equals("wsConnections") && metric instanceof Counter c) {
            Map<String, String> v = group.getAllVariables();
            CONNECTIONS.computeIfAbsent(v.get("<job_id>"), k -> new ConcurrentHashMap<>()).put(Integer.parseInt(v.get("<subtask_index>")), c);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        // kept: the test reads a stopped run's counts
    }
}
