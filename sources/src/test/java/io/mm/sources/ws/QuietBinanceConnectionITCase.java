package io.mm.sources.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.clock.RecorderClock;
import io.mm.core.feed.RawFrame;
import io.mm.simulator.SimulatorUrls;
import io.mm.simulator.fault.FaultSpec;
import io.mm.simulator.junit.SimulatorExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
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
        HandOffQueue queue = new HandOffQueue(settings.queueCapacity(), settings.blockMillis());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        OkHttpClient client = WebSocketSourceReader.httpClient(settings);
        ExchangeConnection c = new ExchangeConnection(new ConnectionSplit("0-binance", Exchange.BINANCE, List.of("BTCUSDT")),
                settings, client, timer, queue, RecorderClock.system(), new AtomicLong(), new ReaderMetrics(new UnregisteredMetricsGroup(), queue));
        List<RawFrame> quiet = new ArrayList<>();
        List<RawFrame> silent = new ArrayList<>();
        try {
            c.start();
            drain(queue, new ArrayList<>(), 2_000);
            sim.simulator().pause();
            drain(queue, new ArrayList<>(), 300); // what the market published before it stood still
            drain(queue, quiet, 8_000);
            sim.simulator().resume();
            sim.simulator().inject(FaultSpec.stall(Exchange.BINANCE, Duration.ofSeconds(6)));
            drain(queue, silent, 6_000);
        } finally {
            c.close();
            timer.shutdownNow();
            client.dispatcher().executorService().shutdown();
        }
        assertThat(quiet).as("8 s of a market standing still: nothing recorded, no stall, no reconnect").isEmpty();
        // a stall, or OkHttp's own ping missing its pong first: either way the connection is lost and renewed
        assertThat(silent).extracting(RawFrame::type).as("a server answering nothing for 3 s")
                .containsAnyOf(RawFrame.Type.STALL, RawFrame.Type.ERROR).contains(RawFrame.Type.RECONNECT);
    }

    private static void drain(HandOffQueue queue, List<RawFrame> into, long ms) throws InterruptedException {
        long until = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < until) {
            RawFrame f = queue.poll();
            if (f == null) {
                Thread.sleep(5);
            } else {
                into.add(f);
            }
        }
    }
}
