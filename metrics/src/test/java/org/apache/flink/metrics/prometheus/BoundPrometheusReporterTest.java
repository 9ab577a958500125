package org.apache.flink.metrics.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.metrics.NoOpMetricRegistry;
import org.apache.flink.runtime.metrics.filter.ReporterFilter;
import org.apache.flink.runtime.metrics.groups.FrontMetricGroup;
import org.apache.flink.runtime.metrics.groups.ReporterScopedSettings;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reporter serves Flink's Prometheus registry on the address it is given, loopback unless told otherwise. */
class BoundPrometheusReporterTest {
    private static BoundPrometheusReporter create(String host, String port) {
        MetricConfig c = new MetricConfig();
        if (host != null) {
            c.setProperty(BoundPrometheusReporterFactory.HOST, host);
        }
        c.setProperty(BoundPrometheusReporterFactory.PORT, port);
        return new BoundPrometheusReporterFactory().createMetricReporter(c);
    }

    private static String scrape(InetSocketAddress a) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + a.getHostString() + ":" + a.getPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    @Test
    void servesTheRegisteredMetricsOnLoopbackByDefault() throws Exception {
        BoundPrometheusReporter r = create(null, "0");
        try {
            assertThat(r.address().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
            assertThat(r.address().getPort()).isPositive();
            SimpleCounter c = new SimpleCounter();
            c.inc(42);
            // reporters see a group through the front a registry wraps it in
            MetricGroup tm = new FrontMetricGroup<>(new ReporterScopedSettings<>(0, '.', ReporterFilter.getNoOpFilter(), Set.of(), Map.of()),
                    TaskManagerMetricGroup.createTaskManagerMetricGroup(NoOpMetricRegistry.INSTANCE, "host-a", new ResourceID("tm-1")));
            r.notifyOfAddedMetric(c, "messages", tm);
            assertThat(scrape(r.address())).containsPattern("flink_taskmanager_messages\\{[^}]*tm_id=\"tm_1\"[^}]*\\} 42\\.0");
        } finally {
            r.close();
        }
    }

    @Test
    void takesTheNextPortOfARangeWhenOneIsTakenAndSaysSoWhenNoneIsFree() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int p = taken.getLocalPort();
            assertThatThrownBy(() -> create("127.0.0.1", Integer.toString(p))).hasMessageContaining("cannot serve Prometheus metrics on 127.0.0.1")
                    .hasMessageContaining(Integer.toString(p));
            try (ServerSocket next = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
                int free = next.getLocalPort();
                next.close();
                BoundPrometheusReporter r = create("127.0.0.1", p + "," + free);
                try {
                    assertThat(r.address().getPort()).isEqualTo(free);
                    assertThat(scrape(r.address())).isNotNull();
                } finally {
                    r.close();
                }
            }
        }
    }
}
