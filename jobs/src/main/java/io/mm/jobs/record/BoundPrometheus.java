package io.mm.jobs.record;

import org.apache.flink.configuration.Configuration;

/**
 * The Prometheus endpoint of {@code bin/mm record --prometheus-port}: mm-metrics' reporter, which serves Flink's
 * Prometheus registry on one address (Flink's own binds every interface). Named by class name so that this
 * class loads where the reporter is absent (the job jar leaves it to the cluster's classpath).
 */
final class BoundPrometheus {
    static final String FACTORY = "org.apache.flink.metrics.prometheus.BoundPrometheusReporterFactory";
    static final String PREFIX = "metrics.reporter.prom.";

    private BoundPrometheus() {}

    static void configure(Configuration conf, String host, String ports) {
        conf.setString(PREFIX + "factory.class", FACTORY);
        conf.setString(PREFIX + "host", host);
        conf.setString(PREFIX + "port", ports);
    }
}
