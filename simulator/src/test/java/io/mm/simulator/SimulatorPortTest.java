package io.mm.simulator;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A port another program holds is a message naming the address, not a bind trace. */
class SimulatorPortTest {
    @Test
    void aTakenPortIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int p = taken.getLocalPort();
            assertThatThrownBy(() -> Simulator.builder().historyDays(0).host("127.0.0.1").port(p).build().start())
                    .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("cannot listen on 127.0.0.1:" + p + ": ");
        }
    }

    @Test
    void anAddressThatDoesNotResolveIsSaidSo() {
        assertThatThrownBy(() -> Simulator.builder().historyDays(0).host("nosuchhost.invalid").port(0).build().start())
                .isInstanceOf(IllegalStateException.class).hasMessage("cannot listen on nosuchhost.invalid:0: no such host or address");
    }
}
