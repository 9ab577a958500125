package io.mm.sources.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.feed.RawFrame;
import io.mm.simulator.SimulatorUrls;
import io.mm.simulator.fault.FaultSpec;
import io.mm.simulator.junit.SimulatorExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Binance connection carries only book changes and trades, so a quiet market sends nothing: the answers to its
 * pings keep it alive, and only a server that answers nothing at all is lost.
 */
class QuietBinanceConnectionITCase {
    @RegisterExtension
    final SimulatorExtension sim = SimulatorExtension.with(b -> b.seed(3).rate(20).exchanges(EnumSet.of(Exchange.BINANCE)));

    @Test
    void aQuietMarketKeepsItsConnectionAndASilentServerIsLost() throws Exception {
        SimulatorUrls u = sim.urls();
        // pings every 1 s (a pong may take 10 s), silence reported as a stall after 3 s
        WebSocketSettings settings = WebSocketSettings.defaults().withUrls(u.binanceWs(), u.krakenWs(), u.bitfinexWs())
                .withTimings(1, 10, 1, 5, 3600, 5, 3);
        List<RawFrame> quiet = new ArrayList<>();
        List<RawFrame> silent = new ArrayList<>();
        try (LoopbackConnection c = new LoopbackConnection(new ConnectionSplit("0-binance", Exchange.BINANCE, List.of("BTCUSDT")), settings)) {
            c.start();
            c.drain(new ArrayList<>(), 2_000);
            sim.simulator().pause();
            c.drain(new ArrayList<>(), 300); // what the market published before it stood still
            c.drain(quiet, 8_000);
            sim.simulator().resume();
            sim.simulator().inject(FaultSpec.stall(Exchange.BINANCE, Duration.ofSeconds(6)));
            c.drain(silent, 6_000);
        }
        assertThat(quiet).as("8 s of a market standing still: nothing recorded, no stall, no reconnect").isEmpty();
        // a stall, or OkHttp's own ping missing its pong first: either way the connection is lost and renewed
        assertThat(silent).extracting(RawFrame::type).as("a server answering nothing for 3 s")
                .containsAnyOf(RawFrame.Type.STALL, RawFrame.Type.ERROR).contains(RawFrame.Type.RECONNECT);
    }
}
