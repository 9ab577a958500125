package io.mm.sources.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.clock.RecorderClock;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import okhttp3.OkHttpClient;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/**
 * A connection lost while the hand-off queue is full (the job stopped polling: it is closing) must not keep the
 * source from closing. It did: the lost-connection frames, one per symbol, each waited the whole block time for
 * room while holding the connection's lock, and close() needed that lock (a stop took minutes at 500 symbols).
 */
class ExchangeConnectionCloseTest {

    @Test
    void closeReturnsAtOnceWhileLifecycleFramesWaitForRoomInAFullQueue() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: connecting fails at once
        }
        List<String> symbols = IntStream.range(0, 50).mapToObj(i -> "S" + i + "USDT").toList();
        HandOffQueue queue = new HandOffQueue(1, 2_000);
        WebSocketSettings settings = WebSocketSettings.defaults().withQueue(1, 1, 2_000);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        OkHttpClient client = new OkHttpClient.Builder().build();
        try {
            ExchangeConnection c = new ExchangeConnection(
                    new ConnectionSplit("0-binance", Exchange.BINANCE, symbols),
                    settings.withUrls("ws://127.0.0.1:" + port, "ws://127.0.0.1:" + port, "ws://127.0.0.1:" + port),
                    client, timer, queue, RecorderClock.system(), new SymbolDrops(symbols), new ReaderMetrics(new UnregisteredMetricsGroup(), queue));
            c.start();
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (queue.size() < 1 && System.nanoTime() < waitUntil) {
                Thread.sleep(10);
            }
            assertThat(queue.size()).as("the first lost-connection frame filled the queue").isEqualTo(1);
            Thread.sleep(300); // the next frames now wait for room, under the connection's lock

            long t0 = System.nanoTime();
            c.close();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
        } finally {
            timer.shutdownNow();
            client.dispatcher().executorService().shutdown();
        }
    }
}
