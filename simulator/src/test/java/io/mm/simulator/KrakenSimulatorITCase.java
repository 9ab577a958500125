package io.mm.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.core.feed.FrameKind;
import io.mm.core.kraken.KrakenChecksumEngine;
import io.mm.core.kraken.KrakenInstrument;
import io.mm.core.kraken.KrakenParser;
import io.mm.core.sync.SyncOutcome;
import io.mm.core.sync.SyncState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Kraken WS v2 over a real socket: every update's checksum verifies with the core engine, and the book ends equal to the truth. */
class KrakenSimulatorITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> SYMBOLS = List.of("BTC/USD", "ETH/USD", "XRP/USD");

    static Simulator.Builder kraken() {
        // REST history here is what was streamed: no past
        return Simulator.builder().historyDays(0).seed(23).exchanges(EnumSet.of(Exchange.KRAKEN));
    }

    @Test
    void booksVerifyEveryChecksumForThousandsOfUpdatesAndEqualTheTrueBook() throws Exception {
        try (Simulator sim = kraken().rate(1000).startPaused(true).build().start(); SimClient c = new SimClient(sim.urls().krakenWs())) {
            assertThat(JSON.readTree(c.next(5000)).get("channel").asText()).isEqualTo("status");
            KrakenParser parser = new KrakenParser();
            c.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"instrument\",\"snapshot\":true},\"req_id\":1}");
            assertThat(c.next(5000)).contains("\"success\":true");
            assertThat(parser.parse(c.next(5000))).isEqualTo(FrameKind.INSTRUMENT);
            Map<String, KrakenInstrument> instruments = new HashMap<>();
            parser.instruments().forEach(i -> instruments.put(i.symbol(), i));
            assertThat(instruments.keySet()).containsAll(SYMBOLS);
            // the real precisions of the shared test data's instrument snapshot
            assertThat(instruments.get("BTC/USD").pricePrecision()).isEqualTo(1);
            assertThat(instruments.get("ETH/USD").pricePrecision()).isEqualTo(2);

            Map<String, Integer> depths = Map.of("BTC/USD", 10, "ETH/USD", 10, "XRP/USD", 25);
            c.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"book\",\"symbol\":[\"BTC/USD\",\"ETH/USD\"],\"depth\":10},\"req_id\":2}");
            c.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"book\",\"symbol\":[\"XRP/USD\"],\"depth\":25},\"req_id\":3}");
            c.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"trade\",\"symbol\":[\"BTC/USD\"]},\"req_id\":4}");
            Map<String, KrakenChecksumEngine> engines = new HashMap<>();
            Map<String, Integer> verified = new HashMap<>();
            List<JsonNode> trades = new ArrayList<>();
            int acks = 0;
            long deadline = System.currentTimeMillis() + 60_000;
            boolean resumed = false;
            while (System.currentTimeMillis() < deadline && !(verified.size() == 3 && verified.values().stream().allMatch(v -> v >= 2000))) {
                String m = c.next(5000);
                FrameKind k = parser.parse(m);
                switch (k) {
                    case SUBSCRIBED -> acks++;
                    case DEPTH_SNAPSHOT -> {
                        String s = parser.depth().symbol;
                        KrakenChecksumEngine e = new KrakenChecksumEngine(depths.get(s));
                        e.setPrecision(instruments.get(s).pricePrecision(), instruments.get(s).qtyPrecision());
                        e.subscribed("test");
                        assertThat(e.onSnapshot(parser.depth(), false)).as(s).isEqualTo(SyncOutcome.SYNCED);
                        engines.put(s, e);
                        verified.put(s, 1);
                    }
                    case DEPTH_UPDATE -> {
                        String s = parser.depth().symbol;
                        KrakenChecksumEngine e = engines.get(s);
                        assertThat(e.onUpdate(parser.depth())).as(s + ": " + e.detail()).isEqualTo(SyncOutcome.APPLIED);
                        verified.merge(s, 1, Integer::sum);
                    }
                    case TRADES -> trades.addAll(JSON.readTree(m).get("data").findParents("trade_id"));
                    case HEARTBEAT -> { }
                    default -> throw new AssertionError(k + ": " + m);
                }
                if (!resumed && engines.size() == 3 && acks >= 4) {
                    sim.resume();
                    resumed = true;
                }
            }
            sim.pause();
            // paused: no more updates, and within a second or so of silence Kraken sends a heartbeat
            String m;
            boolean heartbeat = false;
            while ((m = c.messages.poll(1500, TimeUnit.MILLISECONDS)) != null) {
                FrameKind k = parser.parse(m);
                if (k == FrameKind.HEARTBEAT) {
                    heartbeat = true;
                    break;
                }
                if (k == FrameKind.DEPTH_UPDATE) {
                    KrakenChecksumEngine e = engines.get(parser.depth().symbol);
                    assertThat(e.onUpdate(parser.depth())).isEqualTo(SyncOutcome.APPLIED);
                } else if (k == FrameKind.TRADES) {
                    trades.addAll(JSON.readTree(m).get("data").findParents("trade_id"));
                }
            }
            assertThat(heartbeat).isTrue();
            for (String s : SYMBOLS) {
                assertThat(verified.get(s)).as(s).isGreaterThanOrEqualTo(2000);
                KrakenChecksumEngine e = engines.get(s);
                assertThat(e.state()).isEqualTo(SyncState.SYNCED);
                Books.assertSame(e.book(), sim.trueBook(Exchange.KRAKEN, s, depths.get(s)), depths.get(s));
            }

            c.send("{\"method\":\"ping\",\"req_id\":77}");
            assertThat(c.nextContaining("pong", 5000)).contains("\"req_id\":77");

            // REST trades, paged by 'last', are the streamed trades
            assertThat(trades).hasSizeGreaterThan(100);
            List<JsonNode> rest = new ArrayList<>();
            String since = "0";
            while (true) {
                JsonNode r = JSON.readTree(SimClient.get(sim.urls().krakenRest() + "/0/public/Trades?pair=BTCUSD&count=100&since=" + since).body());
                assertThat(r.get("error")).isEmpty();
                JsonNode rows = r.get("result").get("BTCUSD");
                if (rows.isEmpty()) {
                    break;
                }
                rows.forEach(rest::add);
                since = r.get("result").get("last").asText();
            }
            assertThat(rest).hasSameSizeAs(trades);
            for (int i = 0; i < trades.size(); i++) {
                JsonNode t = trades.get(i);
                JsonNode row = rest.get(i);
                assertThat(row.get(6).asLong()).isEqualTo(t.get("trade_id").asLong());
                assertThat(new BigDecimal(row.get(0).asText())).isEqualByComparingTo(t.get("price").decimalValue());
                assertThat(new BigDecimal(row.get(1).asText())).isEqualByComparingTo(t.get("qty").decimalValue());
                assertThat(row.get(3).asText()).isEqualTo(t.get("side").asText().substring(0, 1));
            }
            // the open OHLC candle counts the trades streamed in its minute
            JsonNode ohlc = JSON.readTree(SimClient.get(sim.urls().krakenRest() + "/0/public/OHLC?pair=BTCUSD&interval=1").body());
            JsonNode rows = ohlc.get("result").get("BTCUSD");
            long total = 0;
            for (JsonNode row : rows) {
                total += row.get(7).asLong();
            }
            assertThat(total).isEqualTo(trades.size());
            // Depth agrees with the truth
            JsonNode depth = JSON.readTree(SimClient.get(sim.urls().krakenRest() + "/0/public/Depth?pair=BTCUSD&count=10").body());
            TrueBook truth = sim.trueBook(Exchange.KRAKEN, "BTC/USD", 10);
            assertThat(new BigDecimal(depth.get("result").get("BTCUSD").get("bids").get(0).get(0).asText()))
                    .isEqualByComparingTo(truth.bids().get(0).price());
        }
    }

    @Test
    void subscribeErrorsNameWhatWasWrong() throws Exception {
        try (Simulator sim = kraken().build().start(); SimClient c = new SimClient(sim.urls().krakenWs())) {
            c.next(5000);
            c.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"book\",\"symbol\":[\"BTC/XYZ\"],\"depth\":10},\"req_id\":5}");
            JsonNode e = JSON.readTree(c.nextContaining("req_id", 5000));
            assertThat(e.get("success").asBoolean()).isFalse();
            assertThat(e.get("error").asText()).contains("BTC/XYZ");
            c.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"book\",\"symbol\":[\"BTC/USD\"],\"depth\":7},\"req_id\":6}");
            assertThat(JSON.readTree(c.nextContaining("req_id", 5000)).get("error").asText()).isEqualTo("Invalid depth");
            c.send("not json");
            assertThat(JSON.readTree(c.nextContaining("error", 5000)).get("success").asBoolean()).isFalse();
            assertThat(SimClient.get(sim.urls().krakenRest() + "/0/public/Depth?pair=NOPEUSD").body()).contains("EQuery:Unknown asset pair");
        }
    }
}
