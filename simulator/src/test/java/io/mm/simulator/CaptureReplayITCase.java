package io.mm.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.binance.BinanceParser;
import io.mm.core.binance.BinanceSyncEngine;
import io.mm.core.bitfinex.BitfinexChecksumEngine;
import io.mm.core.bitfinex.BitfinexParser;
import io.mm.core.feed.FrameKind;
import io.mm.core.kraken.KrakenChecksumEngine;
import io.mm.core.kraken.KrakenParser;
import io.mm.core.sync.SyncOutcome;
import io.mm.core.sync.SyncState;
import io.mm.simulator.capture.CaptureFile;
import io.mm.simulator.capture.CaptureLine;
import io.mm.simulator.cli.CaptureCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The real captures of the shared test data, converted to the capture format and played through the
 * simulator over real sockets, into clients whose core engines reach the exchanges' own proofs: Binance's
 * four symbols sync with the recorded REST snapshots and no gap, Kraken's 510 checksums verify, Bitfinex's
 * cs frame verifies over the numbers as sent.
 */
class CaptureReplayITCase {
    static Path testData(String relative) {
        return io.mm.core.TestData.path(relative);
    }

    static Path convert(Path dir) {
        Path out = dir.resolve("capture.ndjson");
        int code = new CommandLine(new CaptureCommand()).execute("--binance-ws", testData("binance/real_ws_capture_4_symbols.txt").toString(),
                "--binance-rest", testData("binance/real_rest_snapshots_4_symbols.txt").toString(),
                "--kraken-session", testData("kraken/real_book_v2_btcusd.json").toString(),
                "--kraken-instruments", testData("kraken/instrument_snapshot.json").toString(),
                "--bitfinex-frames", testData("bitfinex/real_book_xrpbtc_with_checksum.ndjson").toString(), "--out", out.toString());
        assertThat(code).isZero();
        return out;
    }

    @Test
    void convertedCapturesKeepEveryPayloadVerbatim(@TempDir Path dir) throws Exception {
        List<CaptureLine> lines = CaptureFile.read(convert(dir));
        assertThat(lines.stream().filter(l -> l.exchange() == Exchange.BINANCE && l.kind() == CaptureLine.Kind.WS).count()).isEqualTo(265);
        assertThat(lines.stream().filter(l -> l.kind() == CaptureLine.Kind.REST)).hasSize(4);
        assertThat(lines.stream().filter(l -> l.exchange() == Exchange.KRAKEN).count()).isEqualTo(511);
        assertThat(lines.stream().filter(l -> l.exchange() == Exchange.BITFINEX)).hasSize(5);
        // the Binance frames are the captured text, byte for byte
        List<String> raw = Files.readAllLines(testData("binance/real_ws_capture_4_symbols.txt"));
        assertThat(lines.get(0).msg()).isEqualTo(raw.get(1).substring(raw.get(1).indexOf(": ") + 2));
        // numbers keep their text: Kraken's 1E-8 and 4.0-style quantities, Bitfinex's 7e-7
        assertThat(lines.stream().filter(l -> l.msg().contains("\"qty_increment\":1E-8")).count()).isEqualTo(1);
        assertThat(lines.stream().anyMatch(l -> l.exchange() == Exchange.KRAKEN && l.msg().contains("\"qty\":0.0}"))).isTrue();
        assertThat(lines.stream().anyMatch(l -> l.msg().contains("[7e-7,1,10000]"))).isTrue();
    }

    @Test
    void badCaptureLinesAreNamedByFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.ndjson");
        Files.writeString(f, "{\"ts_ms\":1,\"kind\":\"ws\",\"path\":\"/kraken/v2\",\"msg\":{}}\n{\"ts_ms\":\"x\",\"kind\":\"ws\"}\n");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> CaptureFile.read(f))).hasMessageContaining(f + ":2")
                .hasMessageContaining("ts_ms");
        Files.writeString(f, "{\"ts_ms\":1,\"kind\":\"ws\",\"path\":\"/nowhere\",\"msg\":{}}\n");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> CaptureFile.read(f))).hasMessageContaining(f + ":1")
                .hasMessageContaining("/nowhere");
    }

    @Test
    void replayedCapturesReachTheExchangesOwnProofs(@TempDir Path dir) throws Exception {
        try (Simulator sim = Simulator.builder().capture(convert(dir), 20).build().start()) {
            // Kraken: 510 checksums
            try (SimClient c = new SimClient(sim.urls().krakenWs())) {
                KrakenParser p = new KrakenParser();
                // nothing comes before the client subscribes, as from Kraken; the capture has no acknowledgements,
                // so the simulator answers them
                assertThat(c.messages.poll(500, java.util.concurrent.TimeUnit.MILLISECONDS)).isNull();
                c.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"instrument\",\"snapshot\":true},\"req_id\":1}");
                assertThat(p.parse(c.next(10_000))).isEqualTo(FrameKind.SUBSCRIBED);
                assertThat(p.parse(c.next(10_000))).isEqualTo(FrameKind.INSTRUMENT);
                var btc = p.instruments().stream().filter(i -> i.symbol().equals("BTC/USD")).findFirst().orElseThrow();
                c.send("{\"method\":\"ping\",\"req_id\":7}");
                assertThat(c.next(10_000)).startsWith("{\"method\":\"pong\",\"req_id\":7,");
                c.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"book\",\"symbol\":[\"BTC/USD\"],\"depth\":10,\"snapshot\":true},\"req_id\":2}");
                assertThat(p.parse(c.next(10_000))).isEqualTo(FrameKind.SUBSCRIBED);
                assertThat(p.control().depth).isEqualTo(10);
                KrakenChecksumEngine e = new KrakenChecksumEngine(10);
                e.setPrecision(btc.pricePrecision(), btc.qtyPrecision());
                e.subscribed("capture");
                assertThat(p.parse(c.next(10_000))).isEqualTo(FrameKind.DEPTH_SNAPSHOT);
                assertThat(e.onSnapshot(p.depth(), false)).isEqualTo(SyncOutcome.SYNCED);
                int verified = 1;
                for (int i = 0; i < 509; i++) {
                    assertThat(p.parse(c.next(10_000))).isEqualTo(FrameKind.DEPTH_UPDATE);
                    assertThat(e.onUpdate(p.depth())).as("update %d: %s", i, e.detail()).isEqualTo(SyncOutcome.APPLIED);
                    verified++;
                }
                assertThat(verified).isEqualTo(510);
            }
            // Bitfinex: the cs frame
            try (SimClient c = new SimClient(sim.urls().bitfinexWs())) {
                BitfinexParser p = new BitfinexParser();
                BitfinexChecksumEngine e = new BitfinexChecksumEngine(25);
                // the capture's own answers come when they are asked for
                c.send("{\"event\":\"conf\",\"flags\":229376}");
                c.send("{\"event\":\"subscribe\",\"channel\":\"book\",\"symbol\":\"tXRPBTC\",\"prec\":\"P0\",\"freq\":\"F0\",\"len\":\"25\"}");
                assertThat(p.parse(c.next(10_000))).isEqualTo(FrameKind.CONF);
                assertThat(p.parse(c.next(10_000))).isEqualTo(FrameKind.SUBSCRIBED);
                e.subscribed("capture");
                assertThat(p.parse(c.next(10_000))).isEqualTo(FrameKind.DEPTH_SNAPSHOT);
                assertThat(e.onSnapshot(p.depth(), false)).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
                assertThat(p.parse(c.next(10_000))).isEqualTo(FrameKind.DEPTH_UPDATE);
                e.onUpdate(p.depth());
                assertThat(p.parse(c.next(10_000))).isEqualTo(FrameKind.CHECKSUM);
                assertThat(p.depth().checksum).isEqualTo(-1175357890L);
                assertThat(e.onUpdate(p.depth())).isEqualTo(SyncOutcome.SYNCED);
            }
            // Binance: four symbols, the recorded REST snapshots, no gap
            String url = sim.urls().binanceWs() + "/stream?streams=nknusdt@depth@100ms/blzeth@depth@100ms/lrcbtc@depth@100ms/runeeur@depth@100ms";
            try (SimClient c = new SimClient(url)) {
                BinanceParser parser = new BinanceParser();
                Map<String, BinanceSyncEngine> engines = new HashMap<>();
                // the recorder's application ping: Binance lists the connection's streams
                c.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":1000000001}");
                String answer = null;
                String m;
                while ((m = c.messages.poll(3000, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
                    if (m.startsWith("{\"result\"")) {
                        answer = m;
                        continue;
                    }
                    if (parser.parse(m) != FrameKind.DEPTH_UPDATE) {
                        continue; // bookTicker, kline, aggTrade of the capture
                    }
                    String s = parser.symbol();
                    BinanceSyncEngine e = engines.get(s);
                    if (e == null) {
                        e = new BinanceSyncEngine(10_000);
                        e.subscribed("capture");
                        engines.put(s, e);
                        e.onUpdate(parser.depth());
                        BinanceParser rest = new BinanceParser();
                        SimClient.Answer a = SimClient.get(sim.urls().binanceRest() + "/api/v3/depth?symbol=" + s + "&limit=1000");
                        assertThat(a.status()).isEqualTo(200);
                        assertThat(rest.parseRestSnapshot(a.body(), s)).isEqualTo(FrameKind.DEPTH_SNAPSHOT);
                        assertThat(e.onSnapshot(rest.depth(), true)).as(s + ": " + e.detail()).isIn(SyncOutcome.SYNCED, SyncOutcome.SNAPSHOT_APPLIED);
                        continue;
                    }
                    assertThat(e.onUpdate(parser.depth())).as(s + ": " + e.detail()).isIn(SyncOutcome.BUFFERED, SyncOutcome.STALE,
                            SyncOutcome.SYNCED, SyncOutcome.APPLIED);
                }
                assertThat(answer).isEqualTo("{\"result\":[\"nknusdt@depth@100ms\",\"blzeth@depth@100ms\",\"lrcbtc@depth@100ms\","
                        + "\"runeeur@depth@100ms\"],\"id\":1000000001}");
                assertThat(engines.keySet()).containsExactlyInAnyOrder("NKNUSDT", "BLZETH", "LRCBTC", "RUNEEUR");
                for (var e : engines.entrySet()) {
                    assertThat(e.getValue().state()).as(e.getKey()).isEqualTo(SyncState.SYNCED);
                    assertThat(e.getValue().machine().epoch()).as(e.getKey() + " resyncs").isEqualTo(1);
                }
            }
        }
    }
}
