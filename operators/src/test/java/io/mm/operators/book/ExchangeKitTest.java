package io.mm.operators.book;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.book.LocalOrderBook;
import io.mm.core.contract.NumberStyle;
import io.mm.core.contract.SnapshotFiles;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.FrameKind;
import io.mm.core.sync.SyncStateMachine;
import io.mm.operators.RecorderSettings;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExchangeKitTest {
    private static final RecorderSettings SETTINGS = RecorderSettings.defaults("r");

    @Test
    void eachExchangeAsksForItsOwnSnapshotSize() {
        assertThat(ExchangeKit.of(Exchange.BINANCE, SETTINGS).snapshotLimit()).isEqualTo(SETTINGS.snapshotLimit());
        assertThat(ExchangeKit.of(Exchange.BITFINEX, SETTINGS).snapshotLimit()).isEqualTo(SETTINGS.bitfinexLength());
        assertThat(new KrakenKit(new LocalOrderBook(), new SyncStateMachine(), 1000, 100).snapshotLimit()).as("Kraken's REST maximum")
                .isEqualTo(500);
        assertThat(new KrakenKit(new LocalOrderBook(), new SyncStateMachine(), 5, 100).snapshotLimit()).isEqualTo(10);
        assertThat(new KrakenKit(new LocalOrderBook(), new SyncStateMachine(), 25, 100).snapshotLimit()).isEqualTo(25);
    }

    @Test
    void theProtocolFactsTheRecorderDecidesBy() {
        ExchangeKit binance = ExchangeKit.of(Exchange.BINANCE, SETTINGS);
        ExchangeKit kraken = ExchangeKit.of(Exchange.KRAKEN, SETTINGS);
        ExchangeKit bitfinex = ExchangeKit.of(Exchange.BITFINEX, SETTINGS);
        assertThat(binance.chainedUpdateIds()).isTrue();
        assertThat(kraken.chainedUpdateIds() || bitfinex.chainedUpdateIds()).isFalse();
        assertThat(binance.subscribedOnOpen()).isTrue();
        assertThat(kraken.subscribedOnOpen() || bitfinex.subscribedOnOpen()).isFalse();
        assertThat(Exchange.BINANCE.consecutiveTradeIds() && Exchange.KRAKEN.consecutiveTradeIds()).isTrue();
        assertThat(Exchange.BITFINEX.consecutiveTradeIds()).isFalse();
        assertThat(binance.framesCarryChecksums()).isFalse();
        assertThat(binance.cutDepth()).isZero();
        assertThat(kraken.cutDepth()).isEqualTo(SETTINGS.krakenDepth());
        assertThat(bitfinex.cutDepth()).isEqualTo(SETTINGS.bitfinexLength());
        assertThat(binance.style()).isEqualTo(NumberStyle.AS_SENT);
        assertThat(binance.granted(131072, "OK")).isNull();
        assertThat(binance.instrument("BTCUSDT")).isNull();
    }

    @Test
    void krakensInstrumentDecimalsFixItsNumbersOnce() {
        ExchangeKit k = ExchangeKit.of(Exchange.KRAKEN, SETTINGS);
        assertThat(k.style()).isEqualTo(NumberStyle.PLAIN);
        assertThat(k.precision(1, 8)).isTrue();
        assertThat(k.precision(1, 8)).as("the same decimals again").isFalse();
        assertThat(k.style()).hasToString(NumberStyle.fixed(1, 8).toString());
        assertThat(k.pricePrecision()).isEqualTo(1);
        assertThat(k.parser.parse("{\"channel\":\"instrument\",\"type\":\"snapshot\",\"data\":{\"pairs\":[{\"symbol\":\"BTC/USD\","
                + "\"status\":\"online\",\"price_precision\":2,\"qty_precision\":6}]}}")).isEqualTo(FrameKind.INSTRUMENT);
        assertThat(k.instrument("BTC/USD").pricePrecision()).isEqualTo(2);
        assertThat(k.instrument("ETH/USD")).isNull();
    }

    @Test
    void aBadRestBodyIsRefusedWithTheParsersReason() {
        for (Exchange e : Exchange.values()) {
            ExchangeKit k = ExchangeKit.of(e, SETTINGS);
            assertThat(k.parseRestSnapshot("{\"oops\":", "BTCUSDT")).as(e.id()).isNull();
            assertThat(k.error()).as(e.id()).isNotBlank();
        }
    }

    @Test
    void theRecordersOwnBookSnapshotReadsBack() {
        ExchangeKit writer = ExchangeKit.of(Exchange.BINANCE, SETTINGS);
        DepthUpdate u = writer.parseRestSnapshot("{\"lastUpdateId\":77,\"bids\":[[\"10.5\",\"1.25\"]],\"asks\":[[\"11\",\"2\"]]}", "BTCUSDT");
        assertThat(u).isNotNull();
        u.applyTo(writer.book);
        String json = new String(SnapshotFiles.dayOpenJson(Exchange.BINANCE, "BTCUSDT", writer.book, 77, DepthUpdate.NONE, -1, -1),
                StandardCharsets.UTF_8);
        DepthUpdate back = ExchangeKit.of(Exchange.BINANCE, SETTINGS).parseBookSnapshot(json, "BTCUSDT");
        assertThat(back).isNotNull();
        assertThat(back.lastUpdateId).isEqualTo(77);
        LocalOrderBook b = new LocalOrderBook();
        back.applyTo(b);
        assertThat(b.sameLevels(writer.book)).isTrue();
    }

    @Test
    void aRecordedBitfinexBookFrameOfAnUnknownChannelIsThisSymbolsBook() {
        ExchangeKit live = ExchangeKit.of(Exchange.BITFINEX, SETTINGS);
        String frame = "[17082,[[0.00003070,1,2.5],[0.00003080,1,-1.5]]]";
        assertThat(live.parser.parse(frame)).as("live: a channel never subscribed").isEqualTo(FrameKind.MALFORMED);
        ExchangeKit replay = ExchangeKit.of(Exchange.BITFINEX, SETTINGS);
        assertThat(replay.parseRecorded(frame, "tXRPBTC")).isEqualTo(FrameKind.DEPTH_SNAPSHOT);
        assertThat(replay.parser.symbol()).isEqualTo("tXRPBTC");
    }

    @Test
    void bitfinexsGrantedFlagsDecideWhetherChecksumsProveTheBook() {
        ExchangeKit k = ExchangeKit.of(Exchange.BITFINEX, SETTINGS);
        ExchangeKit.GrantedFlags g = k.granted(65536, "OK");
        assertThat(g.checksums()).isFalse();
        assertThat(g.sequence()).isTrue();
        assertThat(k.checksumsProveBook()).isFalse();
        g = k.granted(131072, "OK");
        assertThat(g.checksums()).isTrue();
        assertThat(g.sequence()).isFalse();
        assertThat(k.checksumsProveBook()).isTrue();
        assertThat(k.granted(131072, "FAILED").granted()).as("nothing granted by a failed answer").isZero();
        assertThat(k.checksumsProveBook()).isFalse();
    }

    @Test
    void grantedFlagsSetWhichFieldsTrailABitfinexFrame() {
        ExchangeKit k = ExchangeKit.of(Exchange.BITFINEX, SETTINGS);
        k.subscribedBook(5, "tBTCUSD");
        k.granted(65536 | 32768, "OK"); // SEQ and MTS after the data
        assertThat(k.parser.parse("[5,[[100,1,2],[101,1,-1]],7,1700000000000]")).isEqualTo(FrameKind.DEPTH_SNAPSHOT);
        assertThat(k.parser.symbol()).isEqualTo("tBTCUSD");
        assertThat(k.parser.depth().sequence).isEqualTo(7);
    }
}
