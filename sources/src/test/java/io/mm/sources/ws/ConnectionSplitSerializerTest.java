package io.mm.sources.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.CommittedState;
import io.mm.core.Exchange;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.junit.jupiter.api.Test;

/**
 * Splits live in the readers' checkpoints and savepoints: each version's bytes, as Flink stores them, are committed
 * under {@code src/test/resources/state/connection-split/} and must restore after every change.
 */
class ConnectionSplitSerializerTest {
    private static final String DIR = "state/connection-split/";
    private static final ConnectionSplitSerializer SERIALIZER = new ConnectionSplitSerializer();

    static ConnectionSplit krakenConnection() {
        return new ConnectionSplit("1-kraken", Exchange.KRAKEN, List.of("BTC/USD", "ETH/USD", "XBT/EUR"));
    }

    @Test
    void versionOneRestoresEveryField() throws Exception {
        ConnectionSplit s = SimpleVersionedSerialization.readVersionAndDeSerialize(SERIALIZER, CommittedState.read(DIR + "v1.bin"));
        assertThat(s.id()).isEqualTo("1-kraken");
        assertThat(s.exchange()).isEqualTo(Exchange.KRAKEN);
        assertThat(s.symbols()).containsExactly("BTC/USD", "ETH/USD", "XBT/EUR");
    }

    @Test
    void theCurrentVersionWritesItsCommittedBytes() throws Exception {
        CommittedState.assertWrites(DIR + "v" + SERIALIZER.getVersion() + ".bin",
                SimpleVersionedSerialization.writeVersionAndSerialize(SERIALIZER, krakenConnection()));
    }
}
