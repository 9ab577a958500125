package io.mm.core.binance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.TestData;
import io.mm.core.book.Side;
import io.mm.core.feed.FrameKind;
import io.mm.core.num.NumberText;
import io.mm.core.sync.SyncOutcome;
import io.mm.core.sync.SyncState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * 30 s of real Binance combined streams for four symbols, synced with the REST snapshots taken during the
 * capture, by the documented algorithm: every symbol syncs, no gap, and the rebuilt top of book agrees
 * with the exchange's own bookTicker whenever both stand at the same update id.
 */
class BinanceTestDataTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Line(double time, String text, String restSymbol) {}

    static List<Line> mergedCapture() {
        List<Line> lines = new ArrayList<>();
        List<String> ws = TestData.read("binance/real_ws_capture_4_symbols.txt").lines().toList();
        for (String l : ws.subList(1, ws.size())) { // first line names the URL
            if (l.isBlank()) {
                continue;
            }
            int c = l.indexOf(": ");
            lines.add(new Line(Double.parseDouble(l.substring(0, c)), l.substring(c + 2), null));
        }
        for (String l : TestData.read("binance/real_rest_snapshots_4_symbols.txt").lines().toList()) {
            if (l.isBlank()) {
                continue;
            }
            int arrow = l.indexOf(" -> ");
            String url = l.substring(0, arrow);
            String rest = l.substring(arrow + 4);
            int c = rest.indexOf(": ");
            String symbol = url.replaceAll(".*symbol=([A-Z]+).*", "$1");
            lines.add(new Line(Double.parseDouble(rest.substring(0, c)), rest.substring(c + 2), symbol));
        }
        lines.sort((a, b) -> Double.compare(a.time, b.time));
        return lines;
    }

    @Test
    void realCaptureSyncsAllFourSymbolsWithoutGap() throws Exception {
        BinanceParser parser = new BinanceParser();
        Map<String, BinanceSyncEngine> engines = new HashMap<>();
        Map<String, Integer> applied = new HashMap<>();
        Map<String, Map<Long, JsonNode>> tickers = new HashMap<>();
        int tickerChecks = 0;
        int ignored = 0;
        for (Line line : mergedCapture()) {
            if (line.restSymbol != null) {
                BinanceSyncEngine e = engines.computeIfAbsent(line.restSymbol, s -> newEngine());
                assertThat(parser.parseRestSnapshot(line.text, line.restSymbol)).isEqualTo(FrameKind.DEPTH_SNAPSHOT);
                SyncOutcome o = e.onSnapshot(parser.depth(), true);
                assertThat(o).as(line.restSymbol + ": " + e.detail()).isIn(SyncOutcome.SYNCED, SyncOutcome.SNAPSHOT_APPLIED);
                continue;
            }
            FrameKind kind = parser.parse(line.text);
            switch (kind) {
                case DEPTH_UPDATE -> {
                    BinanceSyncEngine e = engines.computeIfAbsent(parser.symbol(), s -> newEngine());
                    SyncOutcome o = e.onUpdate(parser.depth());
                    assertThat(o).as(parser.symbol() + ": " + e.detail())
                            .isIn(SyncOutcome.BUFFERED, SyncOutcome.STALE, SyncOutcome.SYNCED, SyncOutcome.APPLIED);
                    if (o.writesFrame()) {
                        applied.merge(parser.symbol(), 1, Integer::sum);
                        assertThat(e.book().isCrossed()).as(parser.symbol() + " crossed").isFalse();
                        // the ticker for this update id arrived just before the 100 ms batch holding it
                        JsonNode t = tickers.getOrDefault(parser.symbol(), Map.of()).get(e.lastUpdateId());
                        if (t != null) {
                            assertThat(text(e, Side.BID)).isEqualTo(t.get("b").asText());
                            assertThat(text(e, Side.ASK)).isEqualTo(t.get("a").asText());
                            tickerChecks++;
                        }
                    }
                }
                case IGNORED -> {
                    ignored++;
                    JsonNode n = JSON.readTree(line.text);
                    String stream = n.get("stream").asText();
                    if (stream.endsWith("@bookTicker")) {
                        JsonNode d = n.get("data");
                        tickers.computeIfAbsent(d.get("s").asText(), k -> new HashMap<>()).put(d.get("u").asLong(), d);
                    }
                }
                default -> throw new AssertionError("unexpected " + kind + ": " + parser.error() + " in " + line.text);
            }
        }
        for (String s : List.of("NKNUSDT", "BLZETH", "LRCBTC", "RUNEEUR")) {
            assertThat(engines.get(s).state()).as(s).isEqualTo(SyncState.SYNCED);
            assertThat(engines.get(s).machine().epoch()).as(s + " resyncs").isEqualTo(1);
        }
        assertThat(applied).containsEntry("NKNUSDT", 149).containsEntry("LRCBTC", 13).containsEntry("BLZETH", 9)
                .containsEntry("RUNEEUR", 1);
        assertThat(tickerChecks).isEqualTo(26);
        assertThat(ignored).isGreaterThan(0);
    }

    private static String text(BinanceSyncEngine e, Side side) {
        return NumberText.asSent(e.book().price(side, 0), e.book().priceScale(), e.book().priceFormat(side, 0));
    }

    private static BinanceSyncEngine newEngine() {
        BinanceSyncEngine e = new BinanceSyncEngine(10_000);
        e.subscribed("test");
        return e;
    }

    @Test
    void restDepthBody() {
        BinanceParser p = new BinanceParser();
        assertThat(p.parseRestSnapshot(TestData.read("binance/rest_depth.json"), "BTCUSDT")).isEqualTo(FrameKind.DEPTH_SNAPSHOT);
        assertThat(p.depth().lastUpdateId).isEqualTo(14527958487L);
        assertThat(p.depth().levels()).isGreaterThan(10);
        BinanceSyncEngine e = newEngine();
        assertThat(e.onSnapshot(p.depth(), true)).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(NumberText.asSent(e.book().price(Side.BID, 0), e.book().priceScale(), e.book().priceFormat(Side.BID, 0)))
                .isEqualTo("60650.00000000");
        assertThat(e.book().isCrossed()).isFalse();
    }

    @Test
    void everyCapturedFrameParses() {
        BinanceParser p = new BinanceParser();
        Map<FrameKind, Integer> kinds = new HashMap<>();
        for (Line l : mergedCapture()) {
            if (l.restSymbol == null) {
                FrameKind k = p.parse(l.text);
                assertThat(k).as(p.error() + " in " + l.text).isNotEqualTo(FrameKind.MALFORMED);
                kinds.merge(k, 1, Integer::sum);
            }
        }
        // depth@100ms, bookTicker, kline_1m and aggTrade frames are in the capture
        assertThat(kinds.get(FrameKind.DEPTH_UPDATE)).isEqualTo(177);
        assertThat(kinds.get(FrameKind.IGNORED)).isEqualTo(88);
        assertThat(String.join(",", kinds.keySet().stream().map(k -> k.name().toLowerCase(Locale.ROOT)).sorted().toList()))
                .isEqualTo("depth_update,ignored");
    }
}
