package org.apache.flink.metrics.prometheus;

import java.util.Properties;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.util.PortRange;

/**
 * {@code metrics.reporter.<name>.factory.class} for {@link BoundPrometheusReporter}. Settings under
 * {@code metrics.reporter.<name>.}: {@code host} (default {@value #DEFAULT_HOST}: only this machine can
 * scrape; {@code 0.0.0.0} serves every interface) and {@code port} (a port or a range such as
 * {@code 9249-9259}, default {@value #DEFAULT_PORT}; each JobManager and TaskManager takes the first free one).
 */
public final class BoundPrometheusReporterFactory implements MetricReporterFactory {
    public static final String HOST = "host";
    public static final String PORT = "port";
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String DEFAULT_PORT = "9249";

    @Override
    public BoundPrometheusReporter createMetricReporter(Properties properties) {
        MetricConfig c = (MetricConfig) properties;
        return new BoundPrometheusReporter(c.getString(HOST, DEFAULT_HOST).trim(), new PortRange(c.getString(PORT, DEFAULT_PORT)));
    }
}
