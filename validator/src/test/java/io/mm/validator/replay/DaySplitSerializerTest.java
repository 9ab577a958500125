package io.mm.validator.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.Exchange;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Day splits and the recorded-day enumerator's list of them round-trip, and refuse versions this build does not read. */
class DaySplitSerializerTest {
    private static final DaySplit.Serializer SPLIT = new DaySplit.Serializer();
    private static final DaySplit.ListSerializer LIST = new DaySplit.ListSerializer();

    private static final List<DaySplit> DAYS = List.of(new DaySplit("/data/binance/BTCUSDT/20240101", Exchange.BINANCE, "BTCUSDT", 20240101),
            new DaySplit("/data/kraken/BTCUSD/20230730", Exchange.KRAKEN, "BTCUSD", 20230730),
            new DaySplit("/d\u00fcsseldorf/" + "x".repeat(20_000) + "/bitfinex/tBTCUSD/20991231", Exchange.BITFINEX, "tBTCUSD", 20991231),
            new DaySplit("", Exchange.BINANCE, "", 0));

    @Test
    void everyExchangeAndEdgeValueRoundTrips() throws Exception {
        for (DaySplit d : DAYS) {
            assertThat(SPLIT.deserialize(SPLIT.getVersion(), SPLIT.serialize(d))).isEqualTo(d);
        }
    }

    @Test
    void theEnumeratorsListRoundTripsEmptyOrFull() throws Exception {
        assertThat(LIST.deserialize(LIST.getVersion(), LIST.serialize(List.of()))).isEmpty();
        assertThat(LIST.deserialize(LIST.getVersion(), LIST.serialize(DAYS))).isEqualTo(DAYS);
    }

    @Test
    void versionsThisBuildDoesNotKnowAreRefused() throws Exception {
        byte[] split = SPLIT.serialize(DAYS.get(0));
        assertThatThrownBy(() -> SPLIT.deserialize(2, split)).isInstanceOf(IOException.class)
                .hasMessage("DaySplit.Serializer cannot read version 2: this build reads version 1 (state written by a newer build?)");
        byte[] list = LIST.serialize(List.of());
        assertThatThrownBy(() -> LIST.deserialize(2, list)).isInstanceOf(IOException.class)
                .hasMessage("DaySplit.ListSerializer cannot read version 2: this build reads version 1 (state written by a newer build?)");
    }
}
