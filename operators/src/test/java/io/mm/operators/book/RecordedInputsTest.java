package io.mm.operators.book;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.feed.ControlMessage;
import io.mm.core.feed.FrameKind;
import io.mm.core.feed.RawFrame;
import io.mm.operators.RecorderSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A replay's recorded lifecycle inputs reach the same typed calls as the live exchange messages they record. */
class RecordedInputsTest {
    private final List<String> calls = new ArrayList<>();
    private final RecordedInputs.Lifecycle to = new RecordedInputs.Lifecycle() {
        @Override
        public void subscribed(long now, String channel, int depth, long chanId) {
            calls.add("subscribed " + channel + " " + depth + " " + (chanId == ControlMessage.NONE ? "-" : chanId) + " @" + now);
        }

        @Override
        public void instrument(long now, int pricePrecision, int qtyPrecision, String status) {
            calls.add("instrument " + pricePrecision + "/" + qtyPrecision + " " + status);
        }

        @Override
        public void conf(long now, long flags, String status) {
            calls.add("conf " + (flags == ControlMessage.NONE ? "-" : flags) + " " + status);
        }
    };

    private static RawFrame frame(Exchange e, RawFrame.Type type, String text) {
        return new RawFrame(e, "x", "x", 0, type, 5, -1, text);
    }

    @Test
    void eachRecordedRowBecomesTheCallItsMessageMade() {
        ExchangeKit kraken = ExchangeKit.of(Exchange.KRAKEN, RecorderSettings.defaults("r"));
        assertThat(RecordedInputs.take(frame(Exchange.KRAKEN, RawFrame.Type.SUBSCRIBED, "{\"channel\":\"book\",\"depth\":10}"), 7, kraken,
                "BTC/USD", to)).isNull();
        assertThat(RecordedInputs.take(frame(Exchange.KRAKEN, RawFrame.Type.INSTRUMENT,
                "{\"source\":\"ws\",\"price_precision\":1,\"qty_precision\":8}"), 7, kraken, "BTC/USD", to)).isNull();
        assertThat(RecordedInputs.take(frame(Exchange.BITFINEX, RawFrame.Type.GRANTED_FLAGS, "{\"kind\":\"conf\",\"flags\":131072,"
                + "\"status\":\"OK\"}"), 7, kraken, "BTC/USD", to)).isNull();
        assertThat(calls).containsExactly("subscribed book 10 - @7", "instrument 1/8 null", "conf 131072 OK");
    }

    @Test
    void aBitfinexBookSubscriptionNamesTheChannelItsRecordedFramesCarry() {
        ExchangeKit bitfinex = ExchangeKit.of(Exchange.BITFINEX, RecorderSettings.defaults("r"));
        assertThat(RecordedInputs.take(frame(Exchange.BITFINEX, RawFrame.Type.SUBSCRIBED,
                "{\"channel\":\"book\",\"depth\":25,\"chan_id\":17082}"), 1, bitfinex, "tXRPBTC", to)).isNull();
        assertThat(calls).containsExactly("subscribed book 25 17082 @1");
        assertThat(bitfinex.parser.parse("[17082,[0.0000307,1,2.5]]")).isEqualTo(FrameKind.DEPTH_UPDATE);
        assertThat(bitfinex.parser.symbol()).isEqualTo("tXRPBTC");
    }

    @Test
    void anUnreadableInputIsNamedNotTaken() {
        ExchangeKit kit = ExchangeKit.of(Exchange.KRAKEN, RecorderSettings.defaults("r"));
        assertThat(RecordedInputs.take(frame(Exchange.KRAKEN, RawFrame.Type.INSTRUMENT, "{\"price_precision\":"), 1, kit, "BTC/USD", to))
                .startsWith("INSTRUMENT input unreadable");
        assertThat(RecordedInputs.take(frame(Exchange.KRAKEN, RawFrame.Type.SUBSCRIBED, "[1]"), 1, kit, "BTC/USD", to))
                .startsWith("SUBSCRIBED input is not a JSON object");
        assertThat(calls).isEmpty();
    }
}
