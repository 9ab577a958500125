package io.mm.sources.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.CommittedState;
import io.mm.core.Exchange;
import java.io.IOException;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.junit.jupiter.api.Test;

/**
 * The enumerator's splits not yet assigned live in checkpoints and savepoints: each version's bytes are committed under
 * {@code src/test/resources/state/websocket-enum-state/} and must restore after every change.
 */
class WebSocketEnumStateSerializerTest {
    private static final String DIR = "state/websocket-enum-state/";
    private static final WebSocketEnumState.Serializer SERIALIZER = new WebSocketEnumState.Serializer();

    static WebSocketEnumState twoUnassigned() {
        return new WebSocketEnumState(List.of(ConnectionSplitSerializerTest.krakenConnection(),
                new ConnectionSplit("0-binance", Exchange.BINANCE, List.of("BTCUSDT", "ETHUSDT"))));
    }

    @Test
    void versionOneRestoresEveryField() throws Exception {
        WebSocketEnumState s = SimpleVersionedSerialization.readVersionAndDeSerialize(SERIALIZER, CommittedState.read(DIR + "v1.bin"));
        assertThat(s.unassigned()).containsExactly(
                new ConnectionSplit("1-kraken", Exchange.KRAKEN, List.of("BTC/USD", "ETH/USD", "XBT/EUR")),
                new ConnectionSplit("0-binance", Exchange.BINANCE, List.of("BTCUSDT", "ETHUSDT")));
    }

    @Test
    void noneOneOrManyUnassignedSplitsRoundTrip() throws Exception {
        for (WebSocketEnumState s : List.of(new WebSocketEnumState(List.of()), twoUnassigned(),
                new WebSocketEnumState(List.of(ConnectionSplitSerializerTest.krakenConnection())))) {
            assertThat(SERIALIZER.deserialize(SERIALIZER.getVersion(), SERIALIZER.serialize(s))).isEqualTo(s);
        }
    }

    @Test
    void aVersionThisBuildDoesNotKnowIsRefused() throws Exception {
        byte[] bytes = SERIALIZER.serialize(twoUnassigned());
        assertThatThrownBy(() -> SERIALIZER.deserialize(2, bytes)).isInstanceOf(IOException.class)
                .hasMessage("WebSocketEnumState.Serializer cannot read version 2: this build reads version 1 (state written by a newer build?)");
    }

    @Test
    void theCurrentVersionWritesItsCommittedBytes() throws Exception {
        CommittedState.assertWrites(DIR + "v" + SERIALIZER.getVersion() + ".bin",
                SimpleVersionedSerialization.writeVersionAndSerialize(SERIALIZER, twoUnassigned()));
    }
}
