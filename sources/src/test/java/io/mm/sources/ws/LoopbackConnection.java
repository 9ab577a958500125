package io.mm.sources.ws;

import io.mm.core.clock.RecorderClock;
import io.mm.core.feed.RawFrame;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.OkHttpClient;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/** One {@link ExchangeConnection} with its own hand-off queue, timer and HTTP client, as the source reader runs it. */
final class LoopbackConnection implements AutoCloseable {
    final HandOffQueue queue;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final OkHttpClient client;
    private final ExchangeConnection connection;

    LoopbackConnection(ConnectionSplit split, WebSocketSettings settings) {
        queue = new HandOffQueue(settings.queueCapacity(), settings.blockMillis());
        client = WebSocketSourceReader.httpClient(settings);
        connection = new ExchangeConnection(split, settings, client, timer, queue, RecorderClock.system(), new SymbolDrops(split.symbols()),
                new ReaderMetrics(new UnregisteredMetricsGroup(), queue));
    }

    LoopbackConnection start() {
        connection.start();
        return this;
    }

    /** Polls the queue for {@code ms}, adding what comes to {@code into}. */
    void drain(List<RawFrame> into, long ms) throws InterruptedException {
        long until = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < until) {
            RawFrame f = queue.poll();
            if (f == null) {
                Thread.sleep(1);
            } else {
                into.add(f);
            }
        }
    }

    @Override
    public void close() {
        connection.close();
        timer.shutdownNow();
        client.dispatcher().executorService().shutdown();
    }
}
