package io.mm.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Starting a server: a port that is taken is a one-line setting error, and nothing is left running. */
class ServingTest {
    @Test
    void aTakenPortIsNamedWithTheSettingThatChoseIt(@TempDir Path data) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServeCommand cmd = new ServeCommand();
            new CommandLine(cmd).parseArgs("--data-dir", data.toString(), "--port", Integer.toString(taken.getLocalPort()));
            ServeOptions.Resolved o = cmd.options.resolve(Map.of(), "SERVE_PORT", 8080);
            int threads = Thread.activeCount();
            assertThatThrownBy(() -> new Serving(o, List.of(Serving.Part.values()), null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ")
                    .hasMessageContaining("SERVE_PORT (--port) chooses another port");
            long deadline = System.currentTimeMillis() + 5000;
            while (Thread.activeCount() > threads && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(Thread.activeCount()).as("threads left running").isLessThanOrEqualTo(threads);
        }
    }

    @Test
    void anAddressThatDoesNotResolveIsSaidSo(@TempDir Path data) throws Exception {
        ServeCommand cmd = new ServeCommand();
        new CommandLine(cmd).parseArgs("--data-dir", data.toString(), "--host", "nosuchhost.invalid", "--port", "0");
        ServeOptions.Resolved o = cmd.options.resolve(Map.of(), "SERVE_PORT", 8080);
        assertThatThrownBy(() -> new Serving(o, List.of(Serving.Part.values()), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot listen on nosuchhost.invalid:0: no such host or address");
    }
}
