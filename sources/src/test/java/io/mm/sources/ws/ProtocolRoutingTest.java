package io.mm.sources.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.sources.binance.BinanceProtocol;
import io.mm.sources.bitfinex.BitfinexProtocol;
import io.mm.sources.kraken.KrakenProtocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolRoutingTest {

    static Path testdata() {
        return io.mm.core.TestData.dir();
    }

    @Test
    void binanceCombinedStreamsGoToTheirSymbol() throws Exception {
        BinanceProtocol p = new BinanceProtocol("wss://x:9443/", List.of("NKNUSDT", "BLZETH"));
        assertThat(p.url()).isEqualTo("wss://x:9443/stream?streams=nknusdt@depth@100ms/nknusdt@trade/blzeth@depth@100ms/blzeth@trade");
        assertThat(p.openMessages()).isEmpty();
        RecordingSink sink = new RecordingSink();
        List<String> capture = Files.readAllLines(testdata().resolve("binance/real_ws_capture_4_symbols.txt"));
        int nkn = 0;
        for (String l : capture.subList(1, capture.size())) {
            if (l.isBlank()) {
                continue;
            }
            String frame = l.substring(l.indexOf(": ") + 2);
            sink.routed.clear();
            p.onFrame(frame, sink);
            if (frame.startsWith("{\"stream\":\"nknusdt")) {
                assertThat(sink.routed).containsExactly("NKNUSDT <- " + frame);
                nkn++;
            }
        }
        assertThat(nkn).isGreaterThan(150);
        sink.routed.clear();
        p.onFrame("{\"result\":null,\"id\":1}", sink);
        assertThat(sink.routed).isEmpty();
        p.onFrame("{\"error\":{\"code\":2,\"msg\":\"Invalid request\"},\"id\":1}", sink);
        assertThat(sink.routed).hasSize(1).allMatch(r -> r.startsWith("* <- "));
        p.onFrame("{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":1}}", sink);
        assertThat(sink.reconnects).containsExactly("serverShutdown");
        p.onFrame("not json", sink);
        assertThat(sink.routed).last().isEqualTo("* <- not json");
    }

    @Test
    void binancePingsAreSubscriptionListsAnsweredByTheirIdAlone() {
        BinanceProtocol p = new BinanceProtocol("ws://h/binance", List.of("BTCUSDT"));
        assertThat(p.ping(7)).isEqualTo("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":1000000007}");
        RecordingSink sink = new RecordingSink();
        p.onFrame("{\"result\":[\"btcusdt@depth@100ms\",\"btcusdt@trade\"],\"id\":1000000007}", sink);
        assertThat(sink.pongs).as("the answer to a ping").isEqualTo(1);
        assertThat(sink.routed).as("a pong is no symbol's frame").isEmpty();
        p.onFrame("{\"result\":null,\"id\":1}", sink);
        assertThat(sink.pongs).as("a subscription's acknowledgement is no pong").isEqualTo(1);
        p.onFrame("{\"error\":{\"code\":3,\"msg\":\"Invalid JSON\"},\"id\":1000000008}", sink);
        assertThat(sink.pongs).as("a refused ping is no pong").isEqualTo(1);
        assertThat(sink.routed).hasSize(1).allMatch(r -> r.startsWith("* <- "));
    }

    @Test
    void binanceSubscribesBeyondTheUrlInSpacedBatches() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            many.add("S" + i + "USDT");
        }
        BinanceProtocol p = new BinanceProtocol("ws://h/binance", many);
        assertThat(p.url().split("/stream\\?streams=")[1].split("/")).hasSize(100);
        assertThat(p.openMessages()).hasSize(2);
        assertThat(p.openMessages().get(0)).startsWith("{\"method\":\"SUBSCRIBE\",\"params\":[\"s50usdt@depth@100ms\"").endsWith("\"id\":1}");
    }

    @Test
    void krakenSubscribesBooksOnlyAfterTheInstrumentSnapshot() throws Exception {
        KrakenProtocol p = new KrakenProtocol("wss://ws.kraken.com/v2", List.of("BTC/USD", "ETH/USD"), 10);
        assertThat(p.openMessages()).singleElement().asString().contains("\"channel\":\"instrument\"");
        RecordingSink sink = new RecordingSink();
        p.onFrame(Files.readString(testdata().resolve("kraken/instrument_snapshot.json")), sink);
        assertThat(sink.routed).as("no exchange message is made up per symbol").isEmpty();
        assertThat(sink.instruments).hasSize(2);
        assertThat(sink.instruments.get(0)).startsWith("BTC/USD <- {").contains("\"price_precision\":1", "\"qty_precision\":8");
        assertThat(sink.sent).hasSize(2);
        assertThat(sink.sent.get(0)).contains("\"channel\":\"book\"", "\"symbol\":[\"BTC/USD\",\"ETH/USD\"]", "\"depth\":10");
        assertThat(sink.sent.get(1)).contains("\"channel\":\"trade\"");
        sink.routed.clear();
        p.onFrame(Files.readString(testdata().resolve("kraken/v2_doc_checksum_example.json")), sink);
        assertThat(sink.routed).singleElement().asString().startsWith("BTC/USD <- ");
        p.onFrame("{\"channel\":\"heartbeat\"}", sink);
        p.onFrame("{\"method\":\"pong\",\"req_id\":4}", sink);
        assertThat(sink.routed).hasSize(1);
        assertThat(sink.pongs).isEqualTo(1);
        p.onFrame("{\"method\":\"subscribe\",\"result\":{\"channel\":\"book\",\"depth\":10,\"snapshot\":true,\"symbol\":\"ETH/USD\"},"
                + "\"success\":true,\"req_id\":2}", sink);
        assertThat(sink.routed).last().asString().startsWith("ETH/USD <- ");
        p.onFrame("{\"channel\":\"status\",\"type\":\"update\",\"data\":[{\"system\":\"online\"}]}", sink);
        assertThat(sink.routed).last().asString().startsWith("* <- ");
        assertThat(p.ping(9)).isEqualTo("{\"method\":\"ping\",\"req_id\":9}");
    }

    @Test
    void bitfinexRoutesByChannelIdAndReconnectsOnInfoCodes() throws Exception {
        BitfinexProtocol p = new BitfinexProtocol("wss://api-pub.bitfinex.com/ws/2", List.of("tXRPBTC"), 25);
        assertThat(p.openMessages()).containsExactly("{\"event\":\"conf\",\"flags\":229376}",
                "{\"event\":\"subscribe\",\"channel\":\"book\",\"symbol\":\"tXRPBTC\",\"prec\":\"P0\",\"freq\":\"F0\",\"len\":\"25\"}",
                "{\"event\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"tXRPBTC\"}");
        RecordingSink sink = new RecordingSink();
        p.onFrame("[81757,\"hb\"]", sink); // a heartbeat before its subscribed event
        assertThat(sink.routed).isEmpty();
        List<String> frames = Files.readAllLines(testdata().resolve("bitfinex/real_book_xrpbtc_with_checksum.ndjson"));
        for (String f : frames) {
            p.onFrame(f, sink);
        }
        assertThat(sink.routed).hasSize(5);
        assertThat(sink.routed.get(0)).startsWith("* <- {\"event\":\"conf\"");
        assertThat(sink.routed.subList(1, 5)).allMatch(r -> r.startsWith("tXRPBTC <- "));
        p.onFrame("[99999,[1,2,3]]", sink);
        assertThat(sink.routed).hasSize(5);
        p.onFrame("{\"event\":\"info\",\"code\":20051,\"msg\":\"Stopping. Please try to reconnect\"}", sink);
        assertThat(sink.reconnects).hasSize(1);
        p.onFrame("{\"event\":\"info\",\"code\":20060,\"msg\":\"Entering maintenance\"}", sink);
        assertThat(sink.reconnects).hasSize(1);
        p.onFrame("{\"event\":\"info\",\"code\":20061,\"msg\":\"Maintenance ended\"}", sink);
        assertThat(sink.reconnects).hasSize(2);
        p.onFrame("{\"event\":\"pong\",\"ts\":1,\"cid\":3}", sink);
        assertThat(sink.pongs).isEqualTo(1);
    }

    private static BitfinexProtocol bitfinex(RecordingSink sink, long grantedFlags) {
        BitfinexProtocol p = new BitfinexProtocol("wss://api-pub.bitfinex.com/ws/2", List.of("tBTCUSD", "tETHUSD"), 25);
        p.onFrame("{\"event\":\"conf\",\"status\":\"OK\",\"flags\":" + grantedFlags + "}", sink);
        p.onFrame("{\"event\":\"subscribed\",\"channel\":\"book\",\"chanId\":10,\"symbol\":\"tBTCUSD\",\"len\":\"25\"}", sink);
        p.onFrame("{\"event\":\"subscribed\",\"channel\":\"trades\",\"chanId\":11,\"symbol\":\"tBTCUSD\"}", sink);
        p.onFrame("{\"event\":\"subscribed\",\"channel\":\"book\",\"chanId\":20,\"symbol\":\"tETHUSD\",\"len\":\"25\"}", sink);
        sink.routed.clear();
        return p;
    }

    @Test
    void bitfinexSequenceNumbersAreCheckedOverTheWholeConnection() {
        RecordingSink sink = new RecordingSink();
        BitfinexProtocol p = bitfinex(sink, 229376);
        p.onFrame("[10,[100,1,2],1,1700000000000]", sink);
        p.onFrame("[20,\"hb\",2,1700000000000]", sink); // heartbeats count too
        p.onFrame("[11,\"te\",[5,1700000000000,0.1,100],3,1700000000000]", sink);
        assertThat(sink.sequence).isEmpty();
        // 4 and 5 never come: every symbol of the connection may have lost a message
        p.onFrame("[20,[200,1,2],6,1700000000000]", sink);
        assertThat(sink.sequence).containsExactly("* <- {\"issue\":\"hole\",\"expected\":4,\"got\":6}");
        assertThat(sink.routed).last().isEqualTo("tETHUSD <- [20,[200,1,2],6,1700000000000]");
        // 5 after all, a trade: forwarded (trades are de-duplicated by id); 4 late, a book message: dropped
        p.onFrame("[11,\"tu\",[5,1700000000000,0.1,100],5,1700000000000]", sink);
        p.onFrame("[10,[101,1,2],4,1700000000000]", sink);
        // a repeat of 6: dropped
        p.onFrame("[20,[200,1,2],6,1700000000000]", sink);
        assertThat(sink.sequence).containsExactly("* <- {\"issue\":\"hole\",\"expected\":4,\"got\":6}",
                "tBTCUSD <- {\"issue\":\"late\",\"expected\":7,\"got\":5,\"channel\":\"trades\",\"dropped\":false}",
                "tBTCUSD <- {\"issue\":\"late\",\"expected\":7,\"got\":4,\"channel\":\"book\",\"dropped\":true}",
                "tETHUSD <- {\"issue\":\"duplicate\",\"expected\":7,\"got\":6,\"channel\":\"book\",\"dropped\":true}");
        assertThat(sink.routed).containsExactly("tBTCUSD <- [10,[100,1,2],1,1700000000000]",
                "tBTCUSD <- [11,\"te\",[5,1700000000000,0.1,100],3,1700000000000]", "tETHUSD <- [20,[200,1,2],6,1700000000000]",
                "tBTCUSD <- [11,\"tu\",[5,1700000000000,0.1,100],5,1700000000000]");
        assertThat(sink.reconnects).as("checksums prove the books: no reconnect").isEmpty();
    }

    @Test
    void withoutChecksumsABreakOfTheBooksStreamReconnects() {
        RecordingSink sink = new RecordingSink();
        BitfinexProtocol p = bitfinex(sink, 65536 + 32768);
        p.onFrame("[10,[100,1,2],1,1700000000000]", sink);
        p.onFrame("[10,[100,1,3],3,1700000000000]", sink);
        assertThat(sink.sequence).containsExactly("* <- {\"issue\":\"hole\",\"expected\":2,\"got\":3}");
        assertThat(sink.routed).last().as("forwarded before the reconnect").isEqualTo("tBTCUSD <- [10,[100,1,3],3,1700000000000]");
        assertThat(sink.reconnects).singleElement().asString().contains("no checksums granted");
    }

    @Test
    void withoutSequenceNumbersNothingIsChecked() {
        RecordingSink sink = new RecordingSink();
        BitfinexProtocol p = bitfinex(sink, 131072);
        p.onFrame("[10,[100,1,2]]", sink);
        p.onFrame("[10,\"cs\",12345]", sink);
        assertThat(sink.routed).hasSize(2);
        assertThat(sink.sequence).isEmpty();
    }

    @Test
    void backoffGrowsWithJitterUpToTheCap() {
        for (int i = 0; i < 200; i++) {
            assertThat(ExchangeConnection.backoffMillis(1, 1, 60)).isBetween(500L, 1000L);
            assertThat(ExchangeConnection.backoffMillis(4, 1, 60)).isBetween(4000L, 8000L);
            assertThat(ExchangeConnection.backoffMillis(20, 1, 60)).isBetween(30_000L, 60_000L);
            assertThat(ExchangeConnection.backoffMillis(0, 1, 60)).isBetween(0L, 250L);
        }
    }

    @Test
    void aSplitsOrdinalIsTheNumberInItsId() {
        // serialization of splits and enumerator state: ConnectionSplitSerializerTest, WebSocketEnumStateSerializerTest
        ConnectionSplit s = new ConnectionSplit("3-kraken", io.mm.core.Exchange.KRAKEN, List.of("BTC/USD", "ETH/USD"));
        assertThat(WebSocketSplitEnumerator.ordinal(s)).isEqualTo(3);
    }

    @Test
    void theBuilderGroupsSymbolsWithinConnectionLimits() {
        List<String> f = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            f.add("tS" + i + "USD");
        }
        WebSocketSource src = WebSocketSource.builder().symbols(io.mm.core.Exchange.BITFINEX, f)
                .symbols(io.mm.core.Exchange.BINANCE, List.of("BTCUSDT")).build();
        assertThat(src.splits()).extracting(ConnectionSplit::id).containsExactly("0-bitfinex", "1-bitfinex", "2-bitfinex", "3-binance");
        assertThat(src.splits().get(0).symbols()).hasSize(12);
        assertThat(src.splits().get(2).symbols()).hasSize(6);
    }
}
