package io.mm.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.core.binance.BinanceParser;
import io.mm.core.binance.BinanceSyncEngine;
import io.mm.core.bitfinex.BitfinexChecksumEngine;
import io.mm.core.bitfinex.BitfinexParser;
import io.mm.core.clock.RecorderClock;
import io.mm.core.feed.FrameKind;
import io.mm.core.kraken.KrakenChecksumEngine;
import io.mm.core.kraken.KrakenParser;
import io.mm.core.sync.SyncOutcome;
import io.mm.simulator.fault.FaultKind;
import io.mm.simulator.fault.FaultRecord;
import io.mm.simulator.fault.FaultSpec;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every fault kind the simulator injects is visible to a client, and logged with what a client should have seen. */
class FaultsITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A Binance client synced on BTCUSDT; returns the first outcome that is not a normal one. */
    private static SyncOutcome binanceUntilAbnormal(Simulator sim, SimClient c, Executable afterSync) throws Throwable {
        BinanceParser parser = new BinanceParser();
        BinanceSyncEngine e = null;
        boolean injected = false;
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            String m = c.next(5000);
            if (parser.parse(m) != FrameKind.DEPTH_UPDATE) {
                continue;
            }
            if (e == null) {
                e = new BinanceSyncEngine(100_000);
                e.subscribed("t");
                e.onUpdate(parser.depth());
                BinanceParser rest = new BinanceParser();
                rest.parseRestSnapshot(SimClient.get(sim.urls().binanceRest() + "/api/v3/depth?symbol=BTCUSDT&limit=1000").body(), "BTCUSDT");
                e.onSnapshot(rest.depth(), true);
                continue;
            }
            SyncOutcome o = e.onUpdate(parser.depth());
            if (o == SyncOutcome.APPLIED && !injected) {
                afterSync.execute();
                injected = true;
            } else if (injected && o != SyncOutcome.APPLIED) {
                return o;
            }
        }
        throw new AssertionError("no abnormal outcome");
    }

    private static Simulator.Builder sim() {
        return Simulator.builder().seed(5).rate(200);
    }

    private static List<FaultKind> kinds(Simulator sim) {
        return sim.faultLog().stream().map(FaultRecord::kind).toList();
    }

    @Test
    void binanceDropDuplicateAndReorderShowAsGapsAndDuplicates() throws Throwable {
        try (Simulator sim = sim().build().start()) {
            String url = sim.urls().binanceWs() + "/stream?streams=btcusdt@depth@100ms";
            try (SimClient c = new SimClient(url)) {
                assertThat(binanceUntilAbnormal(sim, c, () -> sim.inject(FaultSpec.drop(Exchange.BINANCE, "BTCUSDT", 1))))
                        .isEqualTo(SyncOutcome.GAP);
            }
            try (SimClient c = new SimClient(url)) {
                assertThat(binanceUntilAbnormal(sim, c, () -> sim.inject(FaultSpec.duplicate(Exchange.BINANCE, "BTCUSDT", 1))))
                        .isEqualTo(SyncOutcome.DUPLICATE);
            }
            try (SimClient c = new SimClient(url)) {
                assertThat(binanceUntilAbnormal(sim, c, () -> sim.inject(FaultSpec.reorder(Exchange.BINANCE, "BTCUSDT", 1))))
                        .isEqualTo(SyncOutcome.GAP);
            }
            assertThat(kinds(sim)).containsExactly(FaultKind.DROP, FaultKind.DUPLICATE, FaultKind.REORDER);
            assertThat(sim.faultLog().get(0).detail()).contains("U=").contains("dropped");
            assertThat(sim.faultLog().get(0).symbol()).isEqualTo("BTCUSDT");
        }
    }

    /** The trade ids a client receives until one jumps: the id that never came. */
    private static long lostTradeId(Simulator sim, SimClient c, Exchange e, String symbol) throws Exception {
        long last = -1;
        int seen = 0;
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode m = JSON.readTree(c.next(5000));
            JsonNode trade = e == Exchange.BINANCE ? m.path("data") : m.path("type").asText().equals("update") ? m.path("data").path(0) : null;
            if (trade == null || trade.isMissingNode() || !(trade.has("t") || trade.has("trade_id"))) {
                continue;
            }
            long id = trade.has("t") ? trade.get("t").asLong() : trade.get("trade_id").asLong();
            if (last >= 0 && id != last + 1) {
                assertThat(id).as("the next trade after the lost one").isEqualTo(last + 2);
                return last + 1;
            }
            last = id;
            if (++seen == 3) {
                sim.inject(FaultSpec.tradeDrop(e, symbol, 1));
            }
        }
        throw new AssertionError("no trade id jump");
    }

    @Test
    void binanceAndKrakenTradeDropsLeaveOneTradeIdOut() throws Exception {
        try (Simulator sim = sim().build().start()) {
            try (SimClient c = new SimClient(sim.urls().binanceWs() + "/stream?streams=btcusdt@trade")) {
                long lost = lostTradeId(sim, c, Exchange.BINANCE, "BTCUSDT");
                assertThat(sim.faultLog()).singleElement().satisfies(f -> assertThat(f.detail()).isEqualTo("trade " + lost + " dropped"));
            }
            try (SimClient c = new SimClient(sim.urls().krakenWs())) {
                c.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"trade\",\"symbol\":[\"BTC/USD\"]},\"req_id\":1}");
                long lost = lostTradeId(sim, c, Exchange.KRAKEN, "BTC/USD");
                assertThat(sim.faultLog()).hasSize(2).last().satisfies(f -> assertThat(f.detail()).isEqualTo("trade " + lost + " dropped"));
            }
        }
    }

    @Test
    void krakenCorruptChecksumAndDropShowAsMismatches() throws Exception {
        try (Simulator sim = sim().rate(500).build().start(); SimClient c = new SimClient(sim.urls().krakenWs())) {
            c.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"book\",\"symbol\":[\"BTC/USD\"],\"depth\":10},\"req_id\":1}");
            KrakenParser p = new KrakenParser();
            KrakenChecksumEngine e = new KrakenChecksumEngine(10);
            e.setPrecision(1, 8);
            e.subscribed("t");
            int applied = 0;
            List<SyncOutcome> abnormal = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 20_000;
            while (abnormal.size() < 2 && System.currentTimeMillis() < deadline) {
                FrameKind k = p.parse(c.next(5000));
                if (k == FrameKind.DEPTH_SNAPSHOT) {
                    e.onSnapshot(p.depth(), false);
                } else if (k == FrameKind.DEPTH_UPDATE) {
                    SyncOutcome o = e.onUpdate(p.depth());
                    if (o == SyncOutcome.APPLIED && ++applied == 20) {
                        sim.inject(FaultSpec.corruptChecksum(Exchange.KRAKEN, "BTC/USD", 1));
                    } else if (o == SyncOutcome.CHECKSUM_MISMATCH) {
                        abnormal.add(o);
                        // resubscribe for a fresh snapshot, then drop an update
                        c.send("{\"method\":\"unsubscribe\",\"params\":{\"channel\":\"book\",\"symbol\":[\"BTC/USD\"],\"depth\":10},\"req_id\":2}");
                        c.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"book\",\"symbol\":[\"BTC/USD\"],\"depth\":10},\"req_id\":3}");
                        e = new KrakenChecksumEngine(10);
                        e.setPrecision(1, 8);
                        e.subscribed("t");
                        applied = 0;
                        if (abnormal.size() == 1) {
                            sim.inject(FaultSpec.drop(Exchange.KRAKEN, "BTC/USD", 3));
                        }
                    }
                }
            }
            assertThat(abnormal).containsExactly(SyncOutcome.CHECKSUM_MISMATCH, SyncOutcome.CHECKSUM_MISMATCH);
            assertThat(kinds(sim)).startsWith(FaultKind.CORRUPT_CHECKSUM).contains(FaultKind.DROP);
        }
    }

    @Test
    void bitfinexDropLeavesASeqHoleDuplicateRepeatsOneAndCorruptChecksumMismatches() throws Exception {
        try (Simulator sim = sim().rate(500).build().start()) {
            try (SimClient c = bitfinexBook(sim)) {
                long lastSeq = 0;
                boolean seqHole = false;
                boolean duplicateSeq = false;
                int frames = 0;
                long deadline = System.currentTimeMillis() + 20_000;
                while (!(seqHole && duplicateSeq) && System.currentTimeMillis() < deadline) {
                    String m = c.next(5000);
                    if (m.startsWith("[")) {
                        JsonNode a = JSON.readTree(m);
                        long seq = a.get(a.size() - 2).asLong();
                        seqHole |= seq > lastSeq + 1;
                        duplicateSeq |= seq == lastSeq;
                        lastSeq = Math.max(lastSeq, seq);
                        if (++frames == 50) {
                            sim.inject(FaultSpec.drop(Exchange.BITFINEX, "tBTCUSD", 1));
                        } else if (frames == 100) {
                            sim.inject(FaultSpec.duplicate(Exchange.BITFINEX, "tBTCUSD", 1));
                        }
                    }
                }
                assertThat(seqHole).as("a dropped message leaves a SEQ hole").isTrue();
                assertThat(duplicateSeq).as("a duplicated message repeats its SEQ").isTrue();
            }
            try (SimClient c = bitfinexBook(sim)) {
                BitfinexParser p = new BitfinexParser();
                BitfinexChecksumEngine e = new BitfinexChecksumEngine(25);
                e.subscribed("t");
                int verified = 0;
                SyncOutcome after = null;
                long deadline = System.currentTimeMillis() + 20_000;
                while (after == null && System.currentTimeMillis() < deadline) {
                    FrameKind k = p.parse(c.next(5000));
                    if (k == FrameKind.DEPTH_SNAPSHOT) {
                        e.onSnapshot(p.depth(), false);
                    } else if (k == FrameKind.DEPTH_UPDATE) {
                        assertThat(e.onUpdate(p.depth())).isIn(SyncOutcome.APPLIED, SyncOutcome.PENDING);
                    } else if (k == FrameKind.CHECKSUM) {
                        SyncOutcome o = e.onUpdate(p.depth());
                        if (verified < 20) {
                            assertThat(o).isIn(SyncOutcome.SYNCED, SyncOutcome.VERIFIED);
                            if (++verified == 20) {
                                sim.inject(FaultSpec.corruptChecksum(Exchange.BITFINEX, "tBTCUSD", 1));
                            }
                        } else if (o != SyncOutcome.VERIFIED) {
                            after = o;
                        }
                    }
                }
                assertThat(after).as("a corrupted cs frame mismatches").isEqualTo(SyncOutcome.CHECKSUM_MISMATCH);
            }
            assertThat(kinds(sim)).containsExactly(FaultKind.DROP, FaultKind.DUPLICATE, FaultKind.CORRUPT_CHECKSUM);
        }
    }

    private static SimClient bitfinexBook(Simulator sim) {
        SimClient c = new SimClient(sim.urls().bitfinexWs());
        c.send("{\"event\":\"conf\",\"flags\":" + BitfinexParser.RECORDER_FLAGS + "}");
        c.send("{\"event\":\"subscribe\",\"channel\":\"book\",\"symbol\":\"tBTCUSD\",\"len\":\"25\"}");
        return c;
    }

    @Test
    void connectionFaultsMalformedCloseStallRefuseInfoAndSessionLimit() throws Exception {
        try (Simulator sim = sim().build().start()) {
            String url = sim.urls().binanceWs() + "/ws/btcusdt@trade";
            // malformed: a frame the parser calls MALFORMED, and the stream goes on
            try (SimClient c = new SimClient(url)) {
                c.next(5000);
                sim.inject(FaultSpec.malformed(Exchange.BINANCE));
                BinanceParser p = new BinanceParser();
                FrameKind k;
                do {
                    k = p.parse(c.next(5000));
                } while (k != FrameKind.MALFORMED);
                assertThat(p.error()).isNotBlank();
                assertThat(p.parse(c.next(5000))).isEqualTo(FrameKind.TRADES);
                // info: Binance's serverShutdown
                sim.inject(FaultSpec.info(Exchange.BINANCE, 0));
                do {
                    k = p.parse(c.next(5000));
                } while (k == FrameKind.TRADES);
                assertThat(k).isEqualTo(FrameKind.SERVER_SHUTDOWN);
                // stall: open but silent for the duration, then data again
                sim.inject(FaultSpec.stall(Exchange.BINANCE, Duration.ofMillis(1500)));
                Thread.sleep(100);
                c.messages.clear();
                long t0 = System.currentTimeMillis();
                assertThat(c.messages.poll(1000, TimeUnit.MILLISECONDS)).isNull();
                c.next(5000);
                assertThat(System.currentTimeMillis() - t0).isGreaterThanOrEqualTo(1000);
                assertThat(c.closeCode.get()).isEqualTo(-1);
                // close: the socket goes away
                sim.inject(FaultSpec.closeSockets(Exchange.BINANCE));
                assertThat(c.awaitClosed(5000)).isTrue();
            }
            // refuse: upgrades answered 503 for the duration
            sim.inject(FaultSpec.refuseConnections(Exchange.BINANCE, Duration.ofMillis(1500)));
            try (SimClient c = new SimClient(url)) {
                assertThat(c.awaitClosed(5000)).isTrue();
                assertThat(c.failureStatus.get()).isEqualTo(503);
            }
            Thread.sleep(1600);
            try (SimClient c = new SimClient(url)) {
                assertThat(c.next(5000)).contains("\"e\":\"trade\"");
            }
            // session limit: connections older than the limit are closed
            sim.inject(FaultSpec.sessionLimit(Exchange.KRAKEN, Duration.ofMillis(800)));
            try (SimClient c = new SimClient(sim.urls().krakenWs())) {
                long t0 = System.currentTimeMillis();
                assertThat(c.awaitClosed(5000)).isTrue();
                assertThat(System.currentTimeMillis() - t0).isGreaterThanOrEqualTo(700);
                assertThat(c.closeCode.get()).isEqualTo(1000);
            }
            // Bitfinex info 20051
            try (SimClient c = new SimClient(sim.urls().bitfinexWs())) {
                c.next(5000);
                sim.inject(FaultSpec.info(Exchange.BITFINEX, 20051));
                JsonNode info = JSON.readTree(c.nextContaining("\"code\"", 5000));
                assertThat(info.get("code").asInt()).isEqualTo(20051);
            }
            assertThat(kinds(sim)).contains(FaultKind.MALFORMED, FaultKind.INFO, FaultKind.STALL, FaultKind.CLOSE, FaultKind.REFUSE,
                    FaultKind.SESSION_LIMIT);
        }
    }

    @Test
    void restFaultsAndBinanceWeightBudget() throws Exception {
        // the exchanges' clock starts 5 s into a minute: the weight window cannot roll over while the test runs
        RecorderClock minuteStart = RecorderClock.parse("start=2026-01-01T00:00:05Z", System.currentTimeMillis());
        try (Simulator sim = sim().binanceWeightPerMinute(1000).clock(minuteStart).build().start()) {
            String depth = sim.urls().binanceRest() + "/api/v3/depth?symbol=BTCUSDT&limit=100";
            sim.inject(FaultSpec.rest429(Exchange.KRAKEN, 1, 3));
            SimClient.Answer a = SimClient.get(sim.urls().krakenRest() + "/0/public/Depth?pair=BTCUSD");
            assertThat(a.status()).isEqualTo(429);
            assertThat(a.headers().get("Retry-After")).isEqualTo("3");
            assertThat(SimClient.get(sim.urls().krakenRest() + "/0/public/Depth?pair=BTCUSD").status()).isEqualTo(200);

            sim.inject(FaultSpec.rest418(Exchange.BITFINEX, 1, 120));
            assertThat(SimClient.get(sim.urls().bitfinexRest() + "/v2/book/tBTCUSD/P0?len=25").status()).isEqualTo(418);
            sim.inject(FaultSpec.rest5xx(Exchange.BITFINEX, 2, 502));
            assertThat(SimClient.get(sim.urls().bitfinexRest() + "/v2/book/tBTCUSD/P0?len=25").status()).isEqualTo(502);
            assertThat(SimClient.get(sim.urls().bitfinexRest() + "/v2/book/tBTCUSD/P0?len=25").status()).isEqualTo(502);
            assertThat(SimClient.get(sim.urls().bitfinexRest() + "/v2/book/tBTCUSD/P0?len=25").status()).isEqualTo(200);

            sim.inject(FaultSpec.restSlow(Exchange.BINANCE, Duration.ofMillis(700), 1));
            assertThat(SimClient.get(depth).millis()).isGreaterThanOrEqualTo(650);
            sim.inject(FaultSpec.restTimeout(Exchange.BINANCE, 1));
            OkHttpClient impatient = SimClient.HTTP.newBuilder().readTimeout(Duration.ofMillis(500)).build();
            try {
                SimClient.get(impatient, depth);
                throw new AssertionError("expected a timeout");
            } catch (InterruptedIOException expected) {
                // the answer never came
            }

            // Binance's weight budget: X-MBX-USED-WEIGHT-1M counts, then 429 with Retry-After, then the 418 ban
            String big = sim.urls().binanceRest() + "/api/v3/depth?symbol=BTCUSDT&limit=5000"; // weight 250
            SimClient.Answer first = SimClient.get(big);
            assertThat(Integer.parseInt(first.headers().get("X-MBX-USED-WEIGHT-1M"))).isGreaterThanOrEqualTo(250);
            SimClient.Answer limited = first;
            for (int i = 0; i < 10 && limited.status() == 200; i++) {
                limited = SimClient.get(big);
            }
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.body()).contains("-1003");
            int retry = Integer.parseInt(limited.headers().get("Retry-After"));
            assertThat(retry).as("Retry-After: the rest of the minute").isBetween(2, 55);
            SimClient.Answer banned = SimClient.get(big);
            assertThat(banned.status()).isEqualTo(418);
            assertThat(kinds(sim)).contains(FaultKind.REST_429, FaultKind.REST_418, FaultKind.REST_5XX, FaultKind.REST_SLOW,
                    FaultKind.REST_TIMEOUT);
        }
    }

    @Test
    void binanceClosesClientsThatSendMoreThanFiveMessagesASecond() throws Exception {
        try (Simulator sim = sim().build().start(); SimClient c = new SimClient(sim.urls().binanceWs() + "/ws")) {
            assertThat(c.opened.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i <= 7; i++) {
                c.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":" + i + "}");
            }
            assertThat(c.awaitClosed(5000)).isTrue();
            assertThat(c.closeCode.get()).isEqualTo(1008);
        }
    }
}
