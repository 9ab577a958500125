package io.mm.sources.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.binance.BinanceParser;
import io.mm.core.feed.FrameKind;
import io.mm.core.feed.RawFrame;
import io.mm.simulator.SimulatorUrls;
import io.mm.simulator.junit.SimulatorExtension;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Binance sessions handed over while the job falls behind (the hand-off queue full, every frame waiting for room):
 * the frames reach the task in the exchange's order, each update continuing the one before and each trade id the
 * next, across every handover.
 */
class SessionHandoverITCase {
    @RegisterExtension
    final SimulatorExtension sim = SimulatorExtension.with(b -> b.seed(5).rate(300).exchanges(EnumSet.of(Exchange.BINANCE)));

    @Test
    void handedOverSessionsKeepTheExchangesOrderBehindAFullQueue() throws Exception {
        SimulatorUrls u = sim.urls();
        List<String> symbols = sim.simulator().symbols(Exchange.BINANCE).subList(0, 2);
        // a session limit of 2 s; the hand-off holds frames (a minute) rather than dropping them
        WebSocketSettings settings = WebSocketSettings.defaults().withUrls(u.binanceWs(), u.krakenWs(), u.bitfinexWs())
                .withTimings(20, 10, 1, 5, 2, 5, 0).withQueue(8, 8, 60_000);
        List<RawFrame> frames = new ArrayList<>();
        try (LoopbackConnection c = new LoopbackConnection(new ConnectionSplit("0-binance", Exchange.BINANCE, symbols), settings)) {
            c.start();
            long until = System.currentTimeMillis() + 11_000;
            while (System.currentTimeMillis() < until) {
                // the job reads in bursts and stalls 200 ms in every 400: the sockets' readers and the switch wait for room
                c.drain(frames, 200);
                Thread.sleep(200);
            }
        }
        assertThat(frames).filteredOn(f -> f.type() == RawFrame.Type.HANDOVER).as("handovers").hasSizeGreaterThanOrEqualTo(2 * 3);
        assertThat(frames).filteredOn(f -> f.type() == RawFrame.Type.CLOSE || f.type() == RawFrame.Type.ERROR
                || f.type() == RawFrame.Type.RECONNECT).extracting(RawFrame::text).as("no reconnect").isEmpty();
        BinanceParser parser = new BinanceParser();
        Map<String, Long> lastU = new HashMap<>();
        Map<String, Long> lastTrade = new HashMap<>();
        int checked = 0;
        int index = -1;
        for (RawFrame f : frames) {
            index++;
            String around = around(frames, index);
            if (f.type() != RawFrame.Type.DATA) {
                continue;
            }
            FrameKind kind = parser.parse(f.text());
            if (kind == FrameKind.DEPTH_UPDATE) {
                Long before = lastU.put(f.symbol(), parser.depth().lastUpdateId);
                if (before != null) {
                    assertThat(parser.depth().firstUpdateId).as(f.symbol() + " update after u=" + before + around).isEqualTo(before + 1);
                    checked++;
                }
            } else if (kind == FrameKind.TRADES) {
                Long before = lastTrade.put(f.symbol(), parser.trades().tradeId(0));
                if (before != null) {
                    assertThat(parser.trades().tradeId(0)).as(f.symbol() + " trade after " + before + around).isEqualTo(before + 1);
                    checked++;
                }
            }
        }
        assertThat(checked).as("updates and trades checked").isGreaterThan(1000);
    }

    private static String around(List<RawFrame> frames, int i) {
        StringBuilder b = new StringBuilder();
        for (int j = Math.max(0, i - 12); j <= i; j++) {
            RawFrame f = frames.get(j);
            String t = f.text();
            b.append("\n  ").append(f.symbol()).append(" attempt ").append(f.connection()).append(' ').append(f.type()).append(' ')
                    .append(t.length() > 110 ? t.substring(0, 110) : t);
        }
        return b.toString();
    }
}
