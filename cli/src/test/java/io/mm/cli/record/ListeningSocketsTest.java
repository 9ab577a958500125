package io.mm.cli.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListeningSocketsTest {
    @Test
    void readsProcNetAddressesInHostByteOrder() throws Exception {
        assertThat(ListeningSockets.address("0100007F:1F90").toString()).isEqualTo("/127.0.0.1:8080");
        assertThat(ListeningSockets.address("00000000:0050").getAddress().isAnyLocalAddress()).isTrue();
        assertThat(ListeningSockets.address("0000000000000000FFFF00000100007F:1F90").getAddress().isLoopbackAddress()).isTrue();
        assertThat(ListeningSockets.address("00000000000000000000000001000000:0016").getAddress().isLoopbackAddress()).isTrue();
        assertThat(ListeningSockets.address("00000000000000000000000000000000:0016").getAddress().isAnyLocalAddress()).isTrue();
    }
}
