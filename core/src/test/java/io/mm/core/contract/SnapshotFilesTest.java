package io.mm.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.TestData;
import io.mm.core.binance.BinanceParser;
import io.mm.core.bitfinex.BitfinexChecksum;
import io.mm.core.bitfinex.BitfinexParser;
import io.mm.core.bitfinex.BitfinexRestBookParser;
import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.FrameKind;
import io.mm.core.kraken.KrakenChecksum;
import io.mm.core.kraken.KrakenParser;
import io.mm.core.kraken.KrakenRestDepthParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** day_open snapshots must read back through the exchange's own parser into the same book. */
class SnapshotFilesTest {

    @Test
    void binanceDayOpenIsARestDepthBody() {
        BinanceParser p = new BinanceParser();
        assertThat(p.parseRestSnapshot(TestData.read("binance/rest_depth.json"), "BTCUSDT")).isEqualTo(FrameKind.DEPTH_SNAPSHOT);
        LocalOrderBook book = new LocalOrderBook();
        p.depth().applyTo(book);
        String json = new String(SnapshotFiles.dayOpenJson(Exchange.BINANCE, "BTCUSDT", book, 14527958487L, DepthUpdate.NONE, -1, -1),
                StandardCharsets.UTF_8);
        assertThat(p.parseRestSnapshot(json, "BTCUSDT")).isEqualTo(FrameKind.DEPTH_SNAPSHOT);
        assertThat(p.depth().lastUpdateId).isEqualTo(14527958487L);
        LocalOrderBook again = new LocalOrderBook();
        p.depth().applyTo(again);
        assertThat(again.sameLevels(book)).isTrue();
        assertThat(json).contains("\"60650.00000000\"");
    }

    @Test
    void krakenDayOpenIsAWsSnapshotWithItsChecksum() {
        KrakenParser p = new KrakenParser();
        assertThat(p.parse(TestData.read("kraken/v2_doc_checksum_example.json"))).isEqualTo(FrameKind.DEPTH_SNAPSHOT);
        LocalOrderBook book = new LocalOrderBook();
        p.depth().applyTo(book);
        long cs = new KrakenChecksum().compute(book, 1, 8);
        String json = new String(SnapshotFiles.dayOpenJson(Exchange.KRAKEN, "BTC/USD", book, DepthUpdate.NONE, cs, 1, 8),
                StandardCharsets.UTF_8);
        assertThat(p.parse(json)).isEqualTo(FrameKind.DEPTH_SNAPSHOT);
        assertThat(p.depth().checksum).isEqualTo(3310070434L);
        LocalOrderBook again = new LocalOrderBook();
        p.depth().applyTo(again);
        assertThat(new KrakenChecksum().compute(again, 1, 8)).isEqualTo(3310070434L);
        assertThat(json).contains("{\"price\":45285.2,\"qty\":0.00100000}");
    }

    @Test
    void bitfinexDayOpenKeepsNumbersAsSentAndItsChecksum() {
        List<String> frames = TestData.read("bitfinex/real_book_xrpbtc_with_checksum.ndjson").lines().toList();
        BitfinexParser p = new BitfinexParser();
        p.parse(frames.get(1));
        p.parse(frames.get(2));
        LocalOrderBook book = new LocalOrderBook();
        p.depth().applyTo(book);
        p.parse(frames.get(3));
        p.depth().applyTo(book);
        assertThat(new BitfinexChecksum().compute(book)).isEqualTo(-1175357890);
        String json = new String(SnapshotFiles.dayOpenJson(Exchange.BITFINEX, "tXRPBTC", book, DepthUpdate.NONE, DepthUpdate.NONE, -1, -1),
                StandardCharsets.UTF_8);
        BitfinexParser replay = new BitfinexParser();
        replay.registerChannel(0, BitfinexParser.BOOK, "tXRPBTC");
        assertThat(replay.parse(json)).isEqualTo(FrameKind.DEPTH_SNAPSHOT);
        LocalOrderBook again = new LocalOrderBook();
        replay.depth().applyTo(again);
        assertThat(new BitfinexChecksum().compute(again)).isEqualTo(-1175357890);
        assertThat(json).contains("[7e-7,1,10000]");
    }

    @Test
    void snapshotCsvListsBidsThenAsksBestFirst() {
        KrakenParser p = new KrakenParser();
        p.parse(TestData.read("kraken/v2_doc_checksum_example.json"));
        LocalOrderBook book = new LocalOrderBook();
        p.depth().applyTo(book);
        List<String> lines = new String(SnapshotFiles.csv(book, NumberStyle.fixed(1, 8), DepthUpdate.NONE, 3310070434L),
                StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).isEqualTo("side,level,price,qty,last_update_id,checksum");
        assertThat(lines.get(1)).isEqualTo("bid,1,45283.5,0.10000000,,3310070434");
        assertThat(lines.get(11)).isEqualTo("ask,1,45285.2,0.00100000,,3310070434");
        assertThat(lines).hasSize(21);
    }

    @Test
    void krakenRestDepthBody() {
        KrakenRestDepthParser p = new KrakenRestDepthParser();
        String body = "{\"error\":[],\"result\":{\"XXBTZUSD\":{\"asks\":[[\"29430.3\",\"8.25215653\",1690731000],"
                + "[\"29430.4\",\"2.55637606\",1690731001]],\"bids\":[[\"29430.2\",\"0.18967538\",1690731002]]}}}";
        assertThat(p.parse(body, "BTC/USD")).as(p.error()).isTrue();
        LocalOrderBook book = new LocalOrderBook();
        p.depth().applyTo(book);
        assertThat(book.depth(Side.ASK)).isEqualTo(2);
        assertThat(book.depth(Side.BID)).isEqualTo(1);
        assertThat(p.parse("{\"error\":[\"EQuery:Unknown asset pair\"]}", "XXX/USD")).isFalse();
        assertThat(p.error()).contains("EQuery:Unknown asset pair");
        assertThat(p.parse("{\"error\":[],\"result\":{}}", "BTC/USD")).isFalse();
        assertThat(p.parse("{\"error\":[],\"result\":{\"X\":{\"asks\":[[\"1.0\",\"x\",1]]}}}", "BTC/USD")).isFalse();
        assertThat(p.error()).contains("asks[0] volume");
    }

    @Test
    void bitfinexRestBookBody() {
        BitfinexRestBookParser p = new BitfinexRestBookParser();
        assertThat(p.parse("[[0.0000011,13,271510.49],[7e-7,1,10000],[0.00000111,1,-4847.13]]", "tXRPBTC")).as(p.error()).isTrue();
        LocalOrderBook book = new LocalOrderBook();
        p.depth().applyTo(book);
        assertThat(book.depth(Side.BID)).isEqualTo(2);
        assertThat(book.depth(Side.ASK)).isEqualTo(1);
        assertThat(new BitfinexChecksum().checksumString(book)).isEqualTo("0.0000011:271510.49:0.00000111:-4847.13:7e-7:10000");
        assertThat(p.parse("[\"error\",10020,\"symbol: invalid\"]", "tXXX")).isFalse();
        assertThat(p.error()).contains("10020").contains("symbol: invalid");
        assertThat(p.parse("[[1,0,2]]", "tX")).isFalse();
    }
}
