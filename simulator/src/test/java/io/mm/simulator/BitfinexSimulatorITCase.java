package io.mm.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.core.bitfinex.BitfinexChecksumEngine;
import io.mm.core.bitfinex.BitfinexParser;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.FrameKind;
import io.mm.core.sync.SyncOutcome;
import io.mm.core.sync.SyncState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Bitfinex WS v2 over a real socket: cs frames verify with the core engine, SEQ never skips, and the book ends equal to the truth. */
class BitfinexSimulatorITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> SYMBOLS = List.of("tBTCUSD", "tETHUSD", "tXRPBTC");

    static Simulator.Builder bitfinex() {
        return Simulator.builder().seed(31).exchanges(EnumSet.of(Exchange.BITFINEX));
    }

    @Test
    void checksumFramesVerifyForThousandsOfUpdatesSeqIsContiguousAndBooksEqualTheTruth() throws Exception {
        try (Simulator sim = bitfinex().rate(1000).startPaused(true).build().start(); SimClient c = new SimClient(sim.urls().bitfinexWs())) {
            BitfinexParser parser = new BitfinexParser();
            assertThat(parser.parse(c.next(5000))).isEqualTo(FrameKind.INFO);
            c.send("{\"event\":\"conf\",\"flags\":" + BitfinexParser.RECORDER_FLAGS + "}");
            assertThat(parser.parse(c.next(5000))).isEqualTo(FrameKind.CONF);
            for (String s : SYMBOLS) {
                c.send("{\"event\":\"subscribe\",\"channel\":\"book\",\"symbol\":\"" + s + "\",\"prec\":\"P0\",\"freq\":\"F0\",\"len\":\"25\"}");
            }
            c.send("{\"event\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"tBTCUSD\"}");
            Map<String, BitfinexChecksumEngine> engines = new HashMap<>();
            Map<String, Integer> verified = new HashMap<>();
            Map<String, Integer> updates = new HashMap<>();
            TreeMap<Long, JsonNode> trades = new TreeMap<>();
            long[] lastSeq = {0};
            int subscribed = 0;
            boolean resumed = false;
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline && !(updates.size() == 3 && updates.values().stream().allMatch(v -> v >= 2000))) {
                String m = c.next(5000);
                FrameKind k = consume(parser, m, engines, verified, updates, trades, lastSeq);
                if (k == FrameKind.SUBSCRIBED && ++subscribed == 4 && !resumed) {
                    sim.resume();
                    resumed = true;
                }
            }
            sim.pause();
            String m;
            while ((m = c.messages.poll(700, TimeUnit.MILLISECONDS)) != null) {
                consume(parser, m, engines, verified, updates, trades, lastSeq);
            }
            for (String s : SYMBOLS) {
                BitfinexChecksumEngine e = engines.get(s);
                assertThat(e.state()).as(s).isEqualTo(SyncState.SYNCED);
                assertThat(updates.get(s)).as(s).isGreaterThanOrEqualTo(2000);
                assertThat(verified.get(s)).as(s + " cs frames verified").isGreaterThan(500);
                Books.assertSame(e.book(), sim.trueBook(Exchange.BITFINEX, s, 25), 25);
            }
            // te then tu for every trade; REST trades (oldest first) are the streamed ones
            assertThat(trades).hasSizeGreaterThan(100);
            JsonNode rest = JSON.readTree(SimClient.get(sim.urls().bitfinexRest() + "/v2/trades/tBTCUSD/hist?sort=1&limit=10000&start="
                    + trades.firstEntry().getValue().get(1).asLong()).body());
            List<JsonNode> restAfter = new ArrayList<>();
            rest.forEach(r -> {
                if (r.get(0).asLong() >= trades.firstKey()) {
                    restAfter.add(r);
                }
            });
            assertThat(restAfter).hasSameSizeAs(trades.values());
            int i = 0;
            for (JsonNode t : trades.values()) {
                assertThat(restAfter.get(i++).toString()).isEqualTo(t.toString());
            }
            // 1m candles with trades in them add up to the streamed volume
            JsonNode candles = JSON.readTree(SimClient.get(sim.urls().bitfinexRest() + "/v2/candles/trade:1m:tBTCUSD/hist?sort=1&start="
                    + (trades.firstEntry().getValue().get(1).asLong() / 60_000 * 60_000)).body());
            BigDecimal volume = BigDecimal.ZERO;
            for (JsonNode cd : candles) {
                volume = volume.add(cd.get(5).decimalValue());
            }
            BigDecimal streamed = BigDecimal.ZERO;
            for (JsonNode t : trades.values()) {
                streamed = streamed.add(t.get(2).decimalValue().abs());
            }
            assertThat(volume).isEqualByComparingTo(streamed);
        }
    }

    private static FrameKind consume(BitfinexParser parser, String m, Map<String, BitfinexChecksumEngine> engines, Map<String, Integer> verified,
                                     Map<String, Integer> updates, TreeMap<Long, JsonNode> trades, long[] lastSeq) throws Exception {
        FrameKind k = parser.parse(m);
        if (m.startsWith("[")) {
            JsonNode a = JSON.readTree(m);
            long seq = a.get(a.size() - 2).asLong();
            assertThat(seq).as("SEQ of " + m).isEqualTo(lastSeq[0] + 1);
            lastSeq[0] = seq;
        }
        switch (k) {
            case SUBSCRIBED -> {
                if (m.contains("\"book\"")) {
                    BitfinexChecksumEngine e = new BitfinexChecksumEngine(25);
                    e.subscribed("test");
                    engines.put(parser.symbol(), e);
                }
            }
            case DEPTH_SNAPSHOT -> assertThat(engines.get(parser.symbol()).onSnapshot(parser.depth(), false)).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
            case DEPTH_UPDATE, CHECKSUM -> {
                DepthUpdate d = parser.depth();
                BitfinexChecksumEngine e = engines.get(parser.symbol());
                SyncOutcome o = e.onUpdate(d);
                if (k == FrameKind.CHECKSUM) {
                    assertThat(o).as(parser.symbol() + ": " + e.detail()).isIn(SyncOutcome.SYNCED, SyncOutcome.VERIFIED);
                    verified.merge(parser.symbol(), 1, Integer::sum);
                } else {
                    assertThat(o).as(parser.symbol() + ": " + e.detail()).isIn(SyncOutcome.APPLIED, SyncOutcome.PENDING);
                    updates.merge(parser.symbol(), 1, Integer::sum);
                }
            }
            case TRADES -> {
                JsonNode a = JSON.readTree(m);
                if (a.get(1).isTextual()) {
                    JsonNode t = a.get(2);
                    if (a.get(1).asText().equals("te")) {
                        assertThat(trades.put(t.get(0).asLong(), t)).isNull();
                    } else {
                        assertThat(trades.get(t.get(0).asLong())).as("tu after its te").isEqualTo(t);
                    }
                }
            }
            case HEARTBEAT -> { }
            default -> throw new AssertionError(k + ": " + m);
        }
        return k;
    }

    @Test
    void subscribeErrorsAndTheChannelLimit() throws Exception {
        try (Simulator sim = bitfinex().syntheticSymbols(Exchange.BITFINEX, 13).build().start(); SimClient c = new SimClient(sim.urls().bitfinexWs())) {
            c.next(5000);
            c.send("{\"event\":\"subscribe\",\"channel\":\"book\",\"symbol\":\"tNOPEUSD\"}");
            JsonNode e = JSON.readTree(c.nextContaining("error", 5000));
            assertThat(e.get("code").asInt()).isEqualTo(10001);
            c.send("{\"event\":\"subscribe\",\"channel\":\"book\",\"symbol\":\"tS0001USD\",\"prec\":\"P0\",\"len\":\"7\"}");
            assertThat(JSON.readTree(c.nextContaining("error", 5000)).get("msg").asText()).contains("len");
            for (int n = 1; n <= 13; n++) {
                String s = String.format("tS%04dUSD", n);
                c.send("{\"event\":\"subscribe\",\"channel\":\"book\",\"symbol\":\"" + s + "\"}");
                c.send("{\"event\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"" + s + "\"}");
            }
            // 26 asked, 25 allowed
            JsonNode limit = JSON.readTree(c.nextContaining("\"error\"", 10_000));
            assertThat(limit.get("code").asInt()).isEqualTo(10305);
            c.send("{\"event\":\"ping\",\"cid\":1234}");
            assertThat(c.nextContaining("pong", 5000)).contains("\"cid\":1234");
        }
    }
}
