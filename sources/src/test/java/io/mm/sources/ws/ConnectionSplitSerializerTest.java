package io.mm.sources.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.CommittedState;
import io.mm.core.Exchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
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
    void everyExchangeAndEdgeValueRoundTrips() throws Exception {
        List<String> many = IntStream.range(0, 200).mapToObj(i -> "S" + i + "USDT").toList();
        for (ConnectionSplit s : List.of(krakenConnection(), new ConnectionSplit("0-binance", Exchange.BINANCE, many),
                new ConnectionSplit("2-bitfinex", Exchange.BITFINEX, List.of("tBTCUSD", "")), new ConnectionSplit("", Exchange.KRAKEN, List.of()),
                new ConnectionSplit("3-kraken", Exchange.KRAKEN, List.of("\u00dcBER/\u20ac", "x".repeat(20_000))))) {
            assertThat(SERIALIZER.deserialize(SERIALIZER.getVersion(), SERIALIZER.serialize(s))).isEqualTo(s);
        }
    }

    @Test
    void aVersionThisBuildDoesNotKnowIsRefused() throws Exception {
        byte[] bytes = SERIALIZER.serialize(krakenConnection());
        assertThatThrownBy(() -> SERIALIZER.deserialize(0, bytes)).isInstanceOf(IOException.class)
                .hasMessage("ConnectionSplitSerializer cannot read version 0: this build reads version 1 (state written by a newer build?)");
    }

    @Test
    void anExchangeThisBuildDoesNotKnowIsRefused() throws Exception {
        byte[] bytes = SERIALIZER.serialize(krakenConnection());
        int at = 2 + "1-kraken".length() + 2; // the id (UTF), then the exchange id's bytes
        assertThat(new String(bytes, at, 6, StandardCharsets.US_ASCII)).isEqualTo("kraken");
        bytes[at] = 'q';
        assertThatThrownBy(() -> SERIALIZER.deserialize(1, bytes)).isInstanceOf(IOException.class)
                .hasMessage("ConnectionSplitSerializer version 1, split 1-kraken: unknown exchange 'qraken' (expected binance, kraken or bitfinex)");
    }

    @Test
    void theCurrentVersionWritesItsCommittedBytes() throws Exception {
        CommittedState.assertWrites(DIR + "v" + SERIALIZER.getVersion() + ".bin",
                SimpleVersionedSerialization.writeVersionAndSerialize(SERIALIZER, krakenConnection()));
    }
}
