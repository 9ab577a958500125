package io.mm.sources.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.feed.RawFrame;
import io.mm.simulator.SimulatorUrls;
import io.mm.simulator.junit.SimulatorExtension;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A job that falls behind (the hand-off queue full, the socket's reader waiting for room) leaves the exchange's
 * pongs unread behind the frames before them: that is no reason to drop a live connection.
 */
class PongBehindAFullQueueITCase {
    // a slow feed: the queue fills, the kernel's socket buffers do not (the pongs are only behind the held reader)
    @RegisterExtension
    final SimulatorExtension sim = SimulatorExtension.with(b -> b.seed(11).rate(20).exchanges(EnumSet.of(Exchange.KRAKEN)));

    @Test
    void aPongReadLateBecauseTheJobFellBehindKeepsTheConnection() throws Exception {
        SimulatorUrls u = sim.urls();
        // pings 4 s after the open, each pong due within 1 s; the hand-off holds frames rather than dropping them
        WebSocketSettings settings = WebSocketSettings.defaults().withUrls(u.binanceWs(), u.krakenWs(), u.bitfinexWs())
                .withTimings(4, 1, 1, 5, 3600, 5, 60).withQueue(16, 16, 60_000);
        List<RawFrame> frames = new ArrayList<>();
        try (LoopbackConnection c = new LoopbackConnection(new ConnectionSplit("0-kraken", Exchange.KRAKEN, List.of("BTC/USD")), settings)) {
            long started = System.currentTimeMillis();
            c.start();
            awaitFull(c.queue);
            // the job does not poll until 6.5 s after the start: the 4 s ping's pong stays unread past its 1 s
            Thread.sleep(Math.max(0, started + 6_500 - System.currentTimeMillis()));
            c.drain(frames, 5_000);
        }
        assertThat(frames).as("frames read after the job caught up").hasSizeGreaterThan(16);
        assertThat(frames).filteredOn(f -> f.type() == RawFrame.Type.CLOSE || f.type() == RawFrame.Type.ERROR
                        || f.type() == RawFrame.Type.RECONNECT)
                .as("no close, error or reconnect: the connection stayed").isEmpty();
        assertThat(frames.get(frames.size() - 1).recvTimeUs() - frames.get(0).recvTimeUs())
                .as("the feed went on after the catch-up").isGreaterThan(9_000_000L);
    }

    private static void awaitFull(HandOffQueue queue) throws InterruptedException {
        long until = System.currentTimeMillis() + 4_000;
        while (queue.size() < 16) {
            assertThat(System.currentTimeMillis()).as("the queue fills within 4 s").isLessThan(until);
            Thread.sleep(10);
        }
    }
}
