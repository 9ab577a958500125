package org.apache.flink.metrics.prometheus;

import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Iterator;
import org.apache.flink.util.PortRange;

/**
 * Flink's Prometheus reporter serving {@code /metrics} on one address instead of every interface. Flink 2.2's
 * {@link PrometheusReporter} binds the wildcard address and has no host option, and its base class keeps the
 * registry package-private: this class lives in Flink's package to serve that same registry (the same metric
 * names and labels) from {@code host}. Tries the ports of {@code port} in turn, as Flink's reporter does.
 */
public final class BoundPrometheusReporter extends AbstractPrometheusReporter {
    private final HTTPServer server;
    private final InetSocketAddress address;

    BoundPrometheusReporter(String host, PortRange ports) {
        HTTPServer started = null;
        InetSocketAddress bound = null;
        IOException last = null;
        for (Iterator<Integer> it = ports.getPortsIterator(); it.hasNext() && started == null; ) {
            InetSocketAddress a = new InetSocketAddress(host, it.next());
            try {
                started = new HTTPServer(a, registry);
                bound = new InetSocketAddress(a.getAddress(), started.getPort());
            } catch (IOException e) {
                last = e; // taken: the next port of the range
            }
        }
        if (started == null) {
            throw new IllegalStateException("cannot serve Prometheus metrics on " + host + " at any port of " + ports
                    + (last == null ? "" : ": " + last.getMessage()), last);
        }
        server = started;
        address = bound;
        log.info("Prometheus metrics on http://{}:{}/metrics", address.getHostString(), address.getPort());
    }

    /** The address the endpoint listens on. */
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        server.stop();
        super.close();
    }
}
