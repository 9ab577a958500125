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
 * The enumerator's splits not yet assigned, and the run's configured splits, live in checkpoints and savepoints: each
 * version's bytes are committed under {@code src/test/resources/state/websocket-enum-state/} and must restore after every
 * change.
 */
class WebSocketEnumStateSerializerTest {
    private static final String DIR = "state/websocket-enum-state/";
    private static final WebSocketEnumState.Serializer SERIALIZER = new WebSocketEnumState.Serializer();

    static final ConnectionSplit BINANCE = new ConnectionSplit("0-binance", Exchange.BINANCE, List.of("BTCUSDT", "ETHUSDT"));
    static final ConnectionSplit BITFINEX = new ConnectionSplit("2-bitfinex", Exchange.BITFINEX, List.of("tBTCUSD"));

    static WebSocketEnumState twoUnassigned() {
        return new WebSocketEnumState(List.of(ConnectionSplitSerializerTest.krakenConnection(), BINANCE),
                List.of(BINANCE, ConnectionSplitSerializerTest.krakenConnection(), BITFINEX));
    }

    @Test
    void versionOneRestoresEveryFieldAndDoesNotSayWhatItsRunRecorded() throws Exception {
        WebSocketEnumState s = SimpleVersionedSerialization.readVersionAndDeSerialize(SERIALIZER, CommittedState.read(DIR + "v1.bin"));
        assertThat(s.unassigned()).containsExactly(
                new ConnectionSplit("1-kraken", Exchange.KRAKEN, List.of("BTC/USD", "ETH/USD", "XBT/EUR")),
                new ConnectionSplit("0-binance", Exchange.BINANCE, List.of("BTCUSDT", "ETHUSDT")));
        assertThat(s.configured()).isNull();
    }

    @Test
    void versionTwoRestoresEveryField() throws Exception {
        WebSocketEnumState s = SimpleVersionedSerialization.readVersionAndDeSerialize(SERIALIZER, CommittedState.read(DIR + "v2.bin"));
        assertThat(s.unassigned()).containsExactly(new ConnectionSplit("1-kraken", Exchange.KRAKEN, List.of("BTC/USD", "ETH/USD", "XBT/EUR")),
                BINANCE);
        assertThat(s.configured()).containsExactly(BINANCE, new ConnectionSplit("1-kraken", Exchange.KRAKEN, List.of("BTC/USD", "ETH/USD",
                "XBT/EUR")), BITFINEX);
    }

    @Test
    void noneOneOrManySplitsRoundTrip() throws Exception {
        for (WebSocketEnumState s : List.of(new WebSocketEnumState(List.of(), List.of(BITFINEX)), twoUnassigned(),
                new WebSocketEnumState(List.of(ConnectionSplitSerializerTest.krakenConnection()), List.of()))) {
            assertThat(SERIALIZER.deserialize(SERIALIZER.getVersion(), SERIALIZER.serialize(s))).isEqualTo(s);
        }
    }

    @Test
    void aVersionThisBuildDoesNotKnowIsRefused() throws Exception {
        byte[] bytes = SERIALIZER.serialize(twoUnassigned());
        assertThatThrownBy(() -> SERIALIZER.deserialize(3, bytes)).isInstanceOf(IOException.class)
                .hasMessage("WebSocketEnumState.Serializer cannot read version 3: this build reads versions 1, 2 (state written by a newer build?)");
    }

    @Test
    void theCurrentVersionWritesItsCommittedBytes() throws Exception {
        CommittedState.assertWrites(DIR + "v" + SERIALIZER.getVersion() + ".bin",
                SimpleVersionedSerialization.writeVersionAndSerialize(SERIALIZER, twoUnassigned()));
    }
}
