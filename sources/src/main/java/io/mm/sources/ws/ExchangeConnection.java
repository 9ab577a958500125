package io.mm.sources.ws;

import io.mm.core.clock.RecorderClock;
import io.mm.core.feed.RawFrame;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One split's WebSocket, kept alive: connect (bounded by {@code WS_OPEN_TIMEOUT_S}), send the protocol's
 * subscriptions (spaced, within exchanges' incoming message limits), ping and check pongs, report silence as
 * a stall, reconnect before the session limit, and after any loss reconnect with exponential backoff and
 * jitter. Every lifecycle moment becomes a {@link RawFrame} for each symbol, so the ledgers show it.
 * Callbacks of a superseded socket are ignored.
 */
final class ExchangeConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeConnection.class);
    private static final long SUBSCRIBE_SPACING_MS = 250; // Binance accepts 5 messages/s per connection
    private static final long HEALTHY_AFTER_MS = 30_000;
    /** A frame's own wait for room starts when it finds the queue full. */
    private static final long DEADLINE_FROM_NOW = Long.MIN_VALUE;

    private final ConnectionSplit split;
    private final WebSocketSettings settings;
    private final OkHttpClient client;
    private final ScheduledExecutorService timer;
    private final HandOffQueue queue;
    private final RecorderClock clock;
    private final AtomicLong dropped;
    private final ReaderMetrics metrics;

    private volatile boolean closing;
    private volatile WebSocket socket;
    private volatile ExchangeProtocol protocol;
    private volatile int attempt;
    private volatile boolean open;
    private volatile long openedAtMs;
    private volatile long lastFrameMs;
    private final PingSchedule pings;
    private volatile boolean stallReported;
    private int failures;
    private long pingId;
    private ScheduledFuture<?> openTimeout;
    private ScheduledFuture<?> tick;
    private ScheduledFuture<?> sessionLimit;
    private final SymbolLog symbolLog;

    ExchangeConnection(ConnectionSplit split, WebSocketSettings settings, OkHttpClient client, ScheduledExecutorService timer,
                       HandOffQueue queue, RecorderClock clock, AtomicLong dropped, ReaderMetrics metrics) {
        this.split = split;
        this.settings = settings;
        this.client = client;
        this.timer = timer;
        this.queue = queue;
        this.clock = clock;
        this.dropped = dropped;
        this.metrics = metrics;
        this.symbolLog = new SymbolLog(split.exchange(), split.symbols(), settings.window(), clock);
        this.pings = new PingSchedule(settings.pingIntervalS(), settings.pingTimeoutS());
    }

    ConnectionSplit split() {
        return split;
    }

    void start() {
        timer.execute(this::connect);
    }

    private synchronized void connect() {
        if (closing) {
            return;
        }
        attempt++;
        open = false;
        stallReported = false;
        ExchangeProtocol p = ExchangeProtocol.create(split, settings);
        protocol = p;
        Request request = new Request.Builder().url(p.url()).build();
        LOG.info("{}: connecting (attempt {}) to {}", split.id(), attempt, shorten(p.url()));
        symbolLog.info(split.id() + ": connecting (attempt " + attempt + ") to " + shorten(p.url()));
        WebSocket ws = client.newWebSocket(request, new Listener());
        socket = ws;
        long openMs = (long) (settings.openTimeoutS() * 1000);
        openTimeout = timer.schedule(() -> {
            if (socket == ws && !open) {
                fail(ws, "handshake not finished within WS_OPEN_TIMEOUT_S=" + settings.openTimeoutS() + " s");
            }
        }, openMs, TimeUnit.MILLISECONDS);
    }

    private static String shorten(String url) {
        return url.length() > 160 ? url.substring(0, 160) + "..." : url;
    }

    private final class Listener extends WebSocketListener {
        @Override
        public void onOpen(WebSocket ws, Response response) {
            if (ws != socket || closing) {
                return;
            }
            long now = System.currentTimeMillis();
            open = true;
            openedAtMs = now;
            lastFrameMs = now;
            pings.opened(now);
            cancel(openTimeout);
            emitAll(RawFrame.Type.OPEN, "connected to " + shorten(protocol.url()));
            List<String> messages = protocol.openMessages();
            for (int i = 0; i < messages.size(); i++) {
                String m = messages.get(i);
                timer.schedule(() -> {
                    if (ws == socket && open) {
                        ws.send(m);
                    }
                }, i * SUBSCRIBE_SPACING_MS, TimeUnit.MILLISECONDS);
            }
            tick = timer.scheduleWithFixedDelay(() -> onTick(ws), 1, 1, TimeUnit.SECONDS);
            long sessionMs = (long) (settings.maxSessionS() * 1000);
            sessionLimit = timer.schedule(() -> reconnect(ws, "session reached WS_MAX_SESSION_S=" + settings.maxSessionS() + " s"),
                    sessionMs, TimeUnit.MILLISECONDS);
            metrics.connections.inc();
        }

        @Override
        public void onMessage(WebSocket ws, String text) {
            if (ws != socket || closing) {
                return;
            }
            lastFrameMs = System.currentTimeMillis();
            stallReported = false;
            metrics.frames.inc();
            metrics.bytes.inc(text.length());
            protocol.onFrame(text, new Routing(ws));
        }

        @Override
        public void onClosing(WebSocket ws, int code, String reason) {
            ws.close(1000, null);
        }

        @Override
        public void onClosed(WebSocket ws, int code, String reason) {
            if (ws != socket) {
                return;
            }
            lost(ws, RawFrame.Type.CLOSE, "closed by the server: " + code + (reason.isEmpty() ? "" : " " + reason));
        }

        @Override
        public void onFailure(WebSocket ws, Throwable t, Response response) {
            if (ws != socket) {
                return;
            }
            String why = t.toString() + (response != null ? " (HTTP " + response.code() + ")" : "");
            lost(ws, RawFrame.Type.ERROR, why);
        }
    }

    /** Routes one frame's text per the protocol. */
    private final class Routing implements ExchangeProtocol.Sink {
        private final WebSocket ws;

        Routing(WebSocket ws) {
            this.ws = ws;
        }

        @Override
        public void toSymbol(String symbol, String text) {
            emit(symbol, RawFrame.Type.DATA, text, DEADLINE_FROM_NOW, true);
        }

        @Override
        public void instrument(String symbol, String details) {
            emit(symbol, RawFrame.Type.INSTRUMENT, details, DEADLINE_FROM_NOW, true);
        }

        @Override
        public void toAll(String text) {
            long deadline = queue.deadline();
            for (String s : split.symbols()) {
                emit(s, RawFrame.Type.DATA, text, deadline, true);
            }
        }

        @Override
        public void send(String message) {
            ws.send(message);
        }

        @Override
        public void pong() {
            pings.pong();
        }

        @Override
        public void reconnect(String reason) {
            ExchangeConnection.this.reconnect(ws, reason);
        }

        @Override
        public void sequence(String symbol, String detail) {
            long deadline = queue.deadline();
            if (symbol == null) {
                for (String s : split.symbols()) {
                    emit(s, RawFrame.Type.SEQUENCE, detail, deadline, true);
                }
            } else {
                emit(symbol, RawFrame.Type.SEQUENCE, detail, deadline, true);
            }
        }
    }

    private void onTick(WebSocket ws) {
        if (ws != socket || !open || closing) {
            return;
        }
        long now = System.currentTimeMillis();
        if (now - openedAtMs > HEALTHY_AFTER_MS && lastFrameMs > openedAtMs) {
            failures = 0;
        }
        if (settings.noDataWarnS() > 0 && now - lastFrameMs > settings.noDataWarnS() * 1000 && !stallReported) {
            stallReported = true;
            emitAll(RawFrame.Type.STALL, "no data for " + (now - lastFrameMs) / 1000 + " s (WS_NO_DATA_WARN_S=" + settings.noDataWarnS() + ")");
            reconnect(ws, "stalled: no data for " + (now - lastFrameMs) / 1000 + " s");
            return;
        }
        if (pings.expired(now)) {
            reconnect(ws, "no pong within WS_PING_TIMEOUT_S=" + settings.pingTimeoutS() + " s");
            return;
        }
        if (pings.due(now)) {
            String ping = protocol.ping(++pingId);
            // protocol pings (null here): OkHttp sends them and fails the socket without pongs
            pings.sent(now, ping == null);
            if (ping != null) {
                ws.send(ping);
            }
        }
    }

    /** Closes the current socket on purpose and connects again after the backoff. */
    private synchronized void reconnect(WebSocket ws, String reason) {
        if (ws != socket || closing) {
            return;
        }
        socket = null;
        stopTimers();
        ws.close(1000, "reconnecting");
        timer.schedule(ws::cancel, 2, TimeUnit.SECONDS);
        emitAll(RawFrame.Type.CLOSE, "closed by the recorder: " + reason);
        scheduleReconnect(reason, 0);
    }

    private synchronized void fail(WebSocket ws, String reason) {
        if (ws != socket || closing) {
            return;
        }
        ws.cancel();
        lost(ws, RawFrame.Type.ERROR, reason);
    }

    private synchronized void lost(WebSocket ws, RawFrame.Type type, String reason) {
        if (ws != socket || closing) {
            return;
        }
        socket = null;
        stopTimers();
        LOG.warn("{}: connection lost: {}", split.id(), reason);
        symbolLog.warn(split.id() + ": connection lost: " + reason);
        emitAll(type, reason);
        failures++;
        scheduleReconnect(reason, failures);
    }

    private void scheduleReconnect(String reason, int failureCount) {
        long delay = backoffMillis(failureCount, settings.reconnectBackoffS(), settings.reconnectBackoffMaxS());
        metrics.reconnects.inc();
        emitAll(RawFrame.Type.RECONNECT, "reconnecting in " + delay + " ms after: " + reason);
        timer.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    /**
     * Exponential backoff with jitter: the n-th consecutive failure waits a random time between half and all
     * of {@code base * 2^(n-1)}, capped; a deliberate reconnect (n = 0) waits only a short random time.
     */
    static long backoffMillis(int failures, double baseS, double maxS) {
        double cap = Math.min(maxS, baseS * Math.pow(2, Math.max(0, failures - 1)));
        double jitter = failures == 0 ? ThreadLocalRandom.current().nextDouble(0.0, 0.25) : ThreadLocalRandom.current().nextDouble(0.5, 1.0);
        return Math.max(0, (long) (cap * 1000 * jitter));
    }

    private void stopTimers() {
        open = false;
        cancel(openTimeout);
        cancel(tick);
        cancel(sessionLimit);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    /**
     * One lifecycle frame to each symbol of the connection. The whole batch shares one wait for room: with a full
     * queue and a wait per frame, a connection of 167 symbols held its lock (and so {@link #close}) for 167 times
     * the block time.
     */
    private void emitAll(RawFrame.Type type, String text) {
        long deadline = queue.deadline();
        for (String s : split.symbols()) {
            emit(s, type, text, deadline, false);
        }
    }

    /**
     * One frame into the hand-off queue, waiting for room until the deadline. {@code fromReader}: the socket's
     * reader thread is the caller, so its waits hold the ping timeout back (the pongs wait behind this frame).
     */
    private void emit(String symbol, RawFrame.Type type, String text, long deadlineNanos, boolean fromReader) {
        RawFrame f = new RawFrame(split.exchange(), symbol, split.id(), attempt, type, clock.nowMicros(), -1, text);
        if (queue.offer(f)) {
            return;
        }
        if (fromReader) {
            pings.holding(System.currentTimeMillis());
        }
        try {
            if (!queue.put(f, () -> closing, deadlineNanos == DEADLINE_FROM_NOW ? queue.deadline() : deadlineNanos)) {
                dropped.incrementAndGet();
                metrics.dropped.inc();
                queue.signal();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (fromReader) {
                pings.released(System.currentTimeMillis());
            }
        }
    }

    /**
     * Stops for good: cancel (not close) so nothing waits for the peer. The flag is raised before taking the lock,
     * so a socket thread that holds it while waiting for room in a full queue (nobody polls once the task closes)
     * gives up at once instead of keeping the task from closing.
     */
    void close() {
        closing = true;
        closeLocked();
    }

    private synchronized void closeLocked() {
        stopTimers();
        WebSocket ws = socket;
        socket = null;
        if (ws != null) {
            ws.cancel();
        }
    }
}
