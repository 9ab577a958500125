package io.mm.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.core.binance.BinanceParser;
import io.mm.core.binance.BinanceSyncEngine;
import io.mm.core.feed.FrameKind;
import io.mm.core.feed.TradeBatch;
import io.mm.core.sync.SyncOutcome;
import io.mm.core.sync.SyncState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Binance over a real socket: the documented local-book procedure syncs, stays gap-free and ends equal to the truth. */
class BinanceSimulatorITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Simulator.Builder binance() {
        // REST history here is what was streamed: no past
        return Simulator.builder().historyDays(0).seed(11).exchanges(EnumSet.of(Exchange.BINANCE)).symbols(Exchange.BINANCE,
                List.of("BTCUSDT", "ETHUSDT", "XRPUSDT"));
    }

    @Test
    void depthStreamsSyncWithRestSnapshotsForThousandsOfUpdatesAndEqualTheTrueBook() throws Exception {
        try (Simulator sim = binance().rate(1000).startPaused(true).build().start();
             SimClient c = new SimClient(sim.urls().binanceWs()
                     + "/stream?streams=btcusdt@depth@100ms/btcusdt@trade/ethusdt@depth@100ms/xrpusdt@depth")) {
            assertThat(c.opened.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            sim.resume();
            BinanceParser parser = new BinanceParser();
            Map<String, BinanceSyncEngine> engines = new HashMap<>();
            Map<String, Long> firstApplied = new HashMap<>();
            List<long[]> trades = new ArrayList<>(); // id, time, price units, qty units, buyerMaker
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                if (engines.size() == 3 && engines.entrySet().stream().allMatch(e -> e.getValue().state() == SyncState.SYNCED
                        && e.getValue().lastUpdateId() - firstApplied.getOrDefault(e.getKey(), Long.MAX_VALUE) >= 3000)) {
                    break;
                }
                consume(sim, c.next(5000), parser, engines, firstApplied, trades);
            }
            sim.pause();
            String m;
            while ((m = c.messages.poll(500, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
                consume(sim, m, parser, engines, firstApplied, trades);
            }
            for (String symbol : List.of("BTCUSDT", "ETHUSDT", "XRPUSDT")) {
                BinanceSyncEngine e = engines.get(symbol);
                assertThat(e.state()).as(symbol).isEqualTo(SyncState.SYNCED);
                assertThat(e.machine().epoch()).as(symbol + " resyncs").isEqualTo(1);
                assertThat(e.lastUpdateId() - firstApplied.get(symbol)).as(symbol + " update ids applied").isGreaterThanOrEqualTo(3000);
                TrueBook truth = sim.trueBook(Exchange.BINANCE, symbol, 5000);
                assertThat(e.lastUpdateId()).as(symbol).isEqualTo(truth.updateId());
                Books.assertSame(e.book(), truth, 5000);
            }
            assertThat(sim.faultLog()).isEmpty();

            // trades: contiguous ids, and REST aggTrades and 1s klines tell the same story as the stream
            assertThat(trades).hasSizeGreaterThan(50);
            for (int i = 1; i < trades.size(); i++) {
                assertThat(trades.get(i)[0]).isEqualTo(trades.get(i - 1)[0] + 1);
            }
            JsonNode agg = JSON.readTree(SimClient.get(sim.urls().binanceRest() + "/api/v3/aggTrades?symbol=BTCUSDT&fromId="
                    + trades.get(0)[0] + "&limit=1000").body());
            int n = Math.min(1000, trades.size());
            assertThat(agg).hasSize(n);
            for (int i = 0; i < n; i++) {
                long[] t = trades.get(i);
                JsonNode a = agg.get(i);
                assertThat(a.get("a").asLong()).isEqualTo(t[0]);
                assertThat(a.get("T").asLong()).isEqualTo(t[1]);
                assertThat(new BigDecimal(a.get("p").asText()).movePointRight(8).longValueExact()).isEqualTo(t[2]);
                assertThat(new BigDecimal(a.get("q").asText()).movePointRight(8).longValueExact()).isEqualTo(t[3]);
                assertThat(a.get("m").asBoolean()).isEqualTo(t[4] == 1);
            }
            TreeMap<Long, long[]> bySecond = new TreeMap<>(); // open -> count, volume, open, high, low, close
            for (long[] t : trades) {
                long[] k = bySecond.computeIfAbsent(t[1] / 1000 * 1000, x -> new long[] {0, 0, t[2], t[2], t[2], t[2]});
                k[0]++;
                k[1] += t[3];
                k[3] = Math.max(k[3], t[2]);
                k[4] = Math.min(k[4], t[2]);
                k[5] = t[2];
            }
            JsonNode klines = JSON.readTree(SimClient.get(sim.urls().binanceRest() + "/api/v3/klines?symbol=BTCUSDT&interval=1s&startTime="
                    + bySecond.firstKey() + "&limit=1000").body());
            int checked = 0;
            for (JsonNode k : klines) {
                long[] mine = bySecond.get(k.get(0).asLong());
                if (mine == null) {
                    assertThat(k.get(8).asInt()).as("a second without streamed trades has none in klines").isZero();
                    continue;
                }
                assertThat(k.get(8).asLong()).isEqualTo(mine[0]);
                assertThat(units(k.get(5))).isEqualTo(mine[1]);
                assertThat(units(k.get(1))).isEqualTo(mine[2]);
                assertThat(units(k.get(2))).isEqualTo(mine[3]);
                assertThat(units(k.get(3))).isEqualTo(mine[4]);
                assertThat(units(k.get(4))).isEqualTo(mine[5]);
                checked++;
            }
            assertThat(checked).isEqualTo(Math.min(bySecond.size(), klines.size()));
        }
    }

    private static long units(JsonNode n) {
        return new BigDecimal(n.asText()).movePointRight(8).longValueExact();
    }

    private static void consume(Simulator sim, String text, BinanceParser parser, Map<String, BinanceSyncEngine> engines,
                                Map<String, Long> firstApplied, List<long[]> trades) throws Exception {
        FrameKind k = parser.parse(text);
        if (k == FrameKind.TRADES) {
            TradeBatch b = parser.trades();
            JsonNode d = JSON.readTree(text).get("data");
            trades.add(new long[] {d.get("t").asLong(), d.get("T").asLong(), units(d.get("p")), units(d.get("q")), d.get("m").asBoolean() ? 1 : 0});
            assertThat(b.size()).isEqualTo(1);
            return;
        }
        assertThat(k).as(text).isEqualTo(FrameKind.DEPTH_UPDATE);
        String symbol = parser.symbol();
        BinanceSyncEngine e = engines.get(symbol);
        if (e == null) {
            e = new BinanceSyncEngine(100_000);
            e.subscribed("test");
            engines.put(symbol, e);
            assertThat(e.onUpdate(parser.depth())).isEqualTo(SyncOutcome.BUFFERED);
            // the documented procedure: buffer, then fetch the snapshot
            SimClient.Answer snap = SimClient.get(sim.urls().binanceRest() + "/api/v3/depth?symbol=" + symbol + "&limit=5000");
            assertThat(snap.status()).isEqualTo(200);
            BinanceParser rest = new BinanceParser();
            assertThat(rest.parseRestSnapshot(snap.body(), symbol)).isEqualTo(FrameKind.DEPTH_SNAPSHOT);
            SyncOutcome o = e.onSnapshot(rest.depth(), true);
            assertThat(o).as(symbol + ": " + e.detail()).isIn(SyncOutcome.SYNCED, SyncOutcome.SNAPSHOT_APPLIED);
            firstApplied.put(symbol, rest.depth().lastUpdateId);
            return;
        }
        SyncOutcome o = e.onUpdate(parser.depth());
        assertThat(o).as(symbol + ": " + e.detail()).isIn(SyncOutcome.BUFFERED, SyncOutcome.STALE, SyncOutcome.SYNCED, SyncOutcome.APPLIED);
        assertThat(e.book().isCrossed()).isFalse();
    }
}
