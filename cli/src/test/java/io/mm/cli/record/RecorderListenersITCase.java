package io.mm.cli.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.mm.simulator.junit.SimulatorExtension;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mm record} (a child process, web UI on) listens on loopback only: Flink's REST API, which can stop the
 * job and write savepoints, the BLOB server and every other socket it opens; and its REST API takes no jars.
 */
class RecorderListenersITCase {
    @RegisterExtension
    static final SimulatorExtension SIM = SimulatorExtension.with(b -> b.seed(7).rate(20));

    @Test
    void everyListenerOfTheRecorderIsOnLoopback(@TempDir Path dir) throws Exception {
        assumeThat(ListeningSockets.supported()).as("/proc/net/tcp (Linux) lists listening sockets").isTrue();
        int webUi;
        try (ServerSocket free = new ServerSocket(0)) {
            webUi = free.getLocalPort();
        }
        Process p = RecorderProcess.start(dir, "record", SIM.urls(), Map.of(),
                List.of("record", "--symbol", "binance:BTCUSDT", "--data-dir", dir.resolve("data").toString(), "--skip-symbol-check",
                        "--web-ui", Integer.toString(webUi)));
        try {
            long deadline = System.currentTimeMillis() + 120_000;
            while (status("http://127.0.0.1:" + webUi + "/jobs") != 200) {
                assertThat(p.isAlive()).as("mm record ended early:\n" + Files.readString(dir.resolve("record.log"))).isTrue();
                assertThat(System.currentTimeMillis()).as("REST API up within 120 s").isLessThan(deadline);
                Thread.sleep(300);
            }
            List<InetSocketAddress> listening = ListeningSockets.of(p.pid());
            // the web UI and the BLOB server at least: the listing itself works
            assertThat(listening).as("listening sockets of mm record").hasSizeGreaterThanOrEqualTo(2)
                    .anySatisfy(a -> assertThat(a.getPort()).isEqualTo(webUi));
            assertThat(listening).as("listening sockets of mm record").allSatisfy(a ->
                    assertThat(a.getAddress().isLoopbackAddress()).as(a + " is loopback").isTrue());
            String features = body("http://127.0.0.1:" + webUi + "/config");
            assertThat(features).as("no jar upload through the REST API").contains("\"web-submit\":false");
        } finally {
            p.destroy();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static int status(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(2000);
            return c.getResponseCode();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static String body(String url) throws java.io.IOException {
        try (var in = URI.create(url).toURL().openStream()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
