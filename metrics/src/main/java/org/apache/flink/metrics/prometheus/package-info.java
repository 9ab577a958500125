/**
 * The recorder's Prometheus reporter ({@code BoundPrometheusReporter}, created by its factory from the cluster's
 * {@code metrics.reporter.*} settings): Flink's own reporter and registry, served on one address instead of every
 * interface. These classes sit in Flink's package because the registry they serve is package-private there; the
 * rest of flink-metrics-prometheus is used as shipped.
 */
package org.apache.flink.metrics.prometheus;
