package io.mm.jobs.record;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A port the user asked for is checked before anything starts: taken, it is one line naming the flag. */
class LocalListenersTest {
    @Test
    void aTakenPortIsRefusedNamingTheFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int p = taken.getLocalPort();
            assertThatThrownBy(() -> LocalListeners.requireFree("127.0.0.1", Integer.toString(p), "--prometheus-port"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("--prometheus-port " + p + ": cannot listen on 127.0.0.1:" + p + ": ")
                    .hasMessageEndingWith("(another program holds it: choose another port)");
        }
    }

    @Test
    void aRangeNeedsOneFreePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int p = taken.getLocalPort();
            int free;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                free = probe.getLocalPort();
            }
            assertThatCode(() -> LocalListeners.requireFree("127.0.0.1", p + "," + free, "--prometheus-port")).doesNotThrowAnyException();
        }
    }

    @Test
    void notAPortIsSaidSo() {
        assertThatThrownBy(() -> LocalListeners.requireFree("127.0.0.1", "92x9", "--prometheus-port"))
                .hasMessage("--prometheus-port '92x9' is not a port, a range (9249-9259) or a list of them");
        assertThatThrownBy(() -> LocalListeners.requireFree("127.0.0.1", "9300-9200", "--prometheus-port")).hasMessageContaining("not a port");
    }

    @Test
    void anAddressThatIsNotThisMachinesIsNotBlamedOnThePort() {
        assertThatThrownBy(() -> LocalListeners.checkHost("nosuchhost.invalid", "--prometheus-host"))
                .hasMessage("--prometheus-host 'nosuchhost.invalid' is not an address of this machine");
        // 192.0.2.1 (TEST-NET-1) resolves but is no address of this machine
        assertThatThrownBy(() -> LocalListeners.requireFree("192.0.2.1", "0", "--prometheus-port"))
                .hasMessageStartingWith("--prometheus-port 0: cannot listen on 192.0.2.1:0: ").hasMessageNotContaining("another program");
    }
}
