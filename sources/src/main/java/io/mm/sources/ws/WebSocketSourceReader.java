package io.mm.sources.ws;

import io.mm.core.clock.RecorderClock;
import io.mm.core.feed.RawFrame;
import io.mm.rest.HttpClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.OkHttpClient;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the connections of the splits assigned to this subtask and hands their frames to Flink on the task
 * thread. Connections only start in {@link #start()}: on restore Flink adds the restored splits before
 * starting the reader.
 */
final class WebSocketSourceReader implements SourceReader<RawFrame, ConnectionSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketSourceReader.class);

    private final WebSocketSettings settings;
    private final SourceReaderContext context;
    private final HandOffQueue queue;
    private final ReaderMetrics metrics;
    private final RecorderClock clock;
    private final Map<String, ExchangeConnection> connections = new LinkedHashMap<>();
    private final Map<String, SymbolDrops> dropped = new LinkedHashMap<>();
    private final List<ConnectionSplit> notStarted = new ArrayList<>();
    private OkHttpClient client;
    private ScheduledExecutorService timer;
    private boolean started;
    private long lastQueueWarnMs;

    WebSocketSourceReader(WebSocketSettings settings, SourceReaderContext context) {
        this.settings = settings;
        this.context = context;
        this.queue = new HandOffQueue(settings.queueCapacity(), settings.blockMillis());
        this.metrics = new ReaderMetrics(context.metricGroup(), queue);
        this.clock = RecorderClock.parse(settings.clockSpec(), settings.clockAnchorMillis());
    }

    @Override
    public void start() {
        client = httpClient(settings);
        int subtask = context.getIndexOfSubtask();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ws-source-" + subtask);
            t.setDaemon(true);
            return t;
        });
        started = true;
        for (ConnectionSplit s : notStarted) {
            startConnection(s);
        }
        notStarted.clear();
    }

    static OkHttpClient httpClient(WebSocketSettings settings) {
        return HttpClients.builder(settings.insecureTls())
                .connectTimeout(Duration.ofMillis((long) (settings.openTimeoutS() * 1000)))
                .readTimeout(Duration.ZERO)
                .pingInterval(Duration.ofMillis((long) (settings.pingIntervalS() * 1000)))
                .build();
    }

    @Override
    public void addSplits(List<ConnectionSplit> splits) {
        for (ConnectionSplit s : splits) {
            if (started) {
                startConnection(s);
            } else {
                notStarted.add(s);
            }
        }
    }

    private void startConnection(ConnectionSplit s) {
        SymbolDrops d = dropped.computeIfAbsent(s.id(), k -> new SymbolDrops(s.symbols()));
        ExchangeConnection c = new ExchangeConnection(s, settings, client, timer, queue, clock, d, metrics);
        connections.put(s.id(), c);
        c.start();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<RawFrame> output) {
        reportDrops(output);
        RawFrame f = queue.poll();
        if (f == null) {
            return InputStatus.NOTHING_AVAILABLE;
        }
        output.collect(f);
        int size = queue.size();
        if (size > settings.maxBufferWarn()) {
            long now = System.currentTimeMillis();
            if (now - lastQueueWarnMs > 10_000) {
                lastQueueWarnMs = now;
                LOG.warn("hand-off queue holds {} frames (MAX_BUFFER_WARN={}): the job is not keeping up", size, settings.maxBufferWarn());
            }
        }
        return size > 0 ? InputStatus.MORE_AVAILABLE : InputStatus.NOTHING_AVAILABLE;
    }

    /**
     * Drops are told to the symbols whose frames they were: each such ledger gets a {@code sequence} gap row (issue
     * {@code dropped}), and the book's next checksum or update id proves it or resyncs it.
     */
    private void reportDrops(ReaderOutput<RawFrame> output) {
        for (Map.Entry<String, SymbolDrops> e : dropped.entrySet()) {
            ExchangeConnection c = connections.get(e.getKey());
            if (c == null || !e.getValue().pending()) {
                continue; // asked before every frame: no report, no allocation
            }
            ConnectionSplit split = c.split();
            e.getValue().report((symbol, lost) -> output.collect(new RawFrame(split.exchange(), symbol, split.id(), 0, RawFrame.Type.OVERFLOW,
                    clock.nowMicros(), -1, lost + " frame(s) dropped: hand-off queue full (" + settings.queueCapacity() + ")")));
        }
    }

    @Override
    public List<ConnectionSplit> snapshotState(long checkpointId) {
        List<ConnectionSplit> all = new ArrayList<>(notStarted);
        for (ExchangeConnection c : connections.values()) {
            all.add(c.split());
        }
        return all;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return queue.isAvailable();
    }

    @Override
    public void notifyNoMoreSplits() {
        // connections run until the job stops
    }

    @Override
    public void close() {
        for (ExchangeConnection c : connections.values()) {
            c.close();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        if (client != null) {
            // OkHttp's dispatcher threads are not daemons: without this they outlive the task
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }
}
