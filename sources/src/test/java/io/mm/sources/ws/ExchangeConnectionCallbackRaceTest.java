package io.mm.sources.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.clock.RecorderClock;
import io.mm.core.feed.RawFrame;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/**
 * OkHttp may report a socket's end (a refused connect) on its own thread before {@code newWebSocket} has returned to
 * the connection that asked for it. Such a report is not lost: the connection reports the loss and reconnects at
 * once, rather than after {@code WS_OPEN_TIMEOUT_S} of silence.
 */
class ExchangeConnectionCallbackRaceTest {

    /** Runs each call on a thread of its own and returns only 300 ms later, as a preempted caller would. */
    private static final class LateReturningExecutor extends AbstractExecutorService {
        @Override
        public void execute(Runnable r) {
            Thread t = new Thread(r, "okhttp-call");
            t.setDaemon(true);
            t.start();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void shutdown() {}

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    @Test
    void aConnectRefusedBeforeTheSocketIsRecordedIsReportedAtOnce() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: connecting is refused at once
        }
        HandOffQueue queue = new HandOffQueue(1000, 2_000);
        WebSocketSettings settings = WebSocketSettings.defaults().withTimings(20, 10, 1, 60, 23.5 * 3600, 60, 30)
                .withUrls("ws://127.0.0.1:" + port, "ws://127.0.0.1:" + port, "ws://127.0.0.1:" + port);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        OkHttpClient client = new OkHttpClient.Builder().dispatcher(new Dispatcher(new LateReturningExecutor())).build();
        ExchangeConnection c = new ExchangeConnection(new ConnectionSplit("0-binance", Exchange.BINANCE, List.of("BTCUSDT")), settings,
                client, timer, queue, RecorderClock.system(), new SymbolDrops(List.of("BTCUSDT")), new ReaderMetrics(new UnregisteredMetricsGroup(), queue));
        try {
            c.start();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (queue.size() == 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            RawFrame lost = queue.poll();
            assertThat(lost).as("the refused connect reported well before WS_OPEN_TIMEOUT_S (60 s)").isNotNull();
            assertThat(lost.type()).isEqualTo(RawFrame.Type.ERROR);
            assertThat(lost.text()).contains("ConnectException");
        } finally {
            c.close();
            timer.shutdownNow();
        }
    }
}
