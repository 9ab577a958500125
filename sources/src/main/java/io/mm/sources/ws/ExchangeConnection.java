package io.mm.sources.ws;

import io.mm.core.clock.RecorderClock;
import io.mm.core.feed.FrameParser;
import io.mm.core.feed.RawFrame;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
 * a stall, and after any loss reconnect with exponential backoff and jitter. Before the session limit (and when
 * the server announces its shutdown) the session moves to a new socket: handed over without a loss where the
 * exchange's ids are the same on every connection ({@link SessionHandover}), else by a reconnect. Every lifecycle
 * moment becomes a {@link RawFrame} for each symbol, so the ledgers show it. Callbacks of a superseded socket are
 * ignored.
 *
 * <p>Over 500 lines on purpose: the live socket, its reconnects and its handover are one state machine over the same
 * socket fields, timers and lock; what stands apart is in {@link SessionHandover} (the two sockets' positions and the
 * decision to switch) and {@link ConnectionFrames} (the hand-off queue).
 */
final class ExchangeConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeConnection.class);
    private static final long SUBSCRIBE_SPACING_MS = 250; // Binance accepts 5 messages/s per connection
    private static final long HEALTHY_AFTER_MS = 30_000;
    private static final long DEADLINE_FROM_NOW = ConnectionFrames.DEADLINE_FROM_NOW;

    private final ConnectionSplit split;
    private final WebSocketSettings settings;
    private final OkHttpClient client;
    private final ScheduledExecutorService timer;
    private final ReaderMetrics metrics;
    private final ConnectionFrames frames;

    private volatile boolean closing;
    private volatile WebSocket socket;
    private volatile ExchangeProtocol protocol;
    private volatile int attempt;
    private volatile boolean open;
    private volatile long openedAtMs;
    private volatile long lastFrameMs;
    private final PingSchedule pings;
    private volatile boolean stallReported;
    /** The live socket's routing sink (it holds nothing but the socket). */
    private volatile Routing routing;
    /** Until then subscriptions are being sent: no ping joins them (Binance counts every incoming message). */
    private volatile long subscribingUntilMs;
    private int failures;
    private long pingId;
    private ScheduledFuture<?> openTimeout;
    private ScheduledFuture<?> tick;
    private ScheduledFuture<?> sessionLimit;
    private final SymbolLog symbolLog;
    /** Non-null while a successor socket is brought up to take the session over ({@link #rotate}). */
    private volatile SessionHandover handover;
    /** The last handover, while the new socket's streams are still behind what the old one delivered. */
    private volatile SessionHandover tail;
    private ScheduledFuture<?> handoverCheck;

    ExchangeConnection(ConnectionSplit split, WebSocketSettings settings, OkHttpClient client, ScheduledExecutorService timer,
                       HandOffQueue queue, RecorderClock clock, SymbolDrops dropped, ReaderMetrics metrics) {
        this.split = split;
        this.settings = settings;
        this.client = client;
        this.timer = timer;
        this.metrics = metrics;
        this.symbolLog = new SymbolLog(split.exchange(), split.symbols(), settings.window(), clock);
        this.pings = new PingSchedule(settings.pingIntervalS(), settings.pingTimeoutS());
        this.frames = new ConnectionFrames(split, queue, clock, dropped, metrics, pings, () -> closing);
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
        tail = null;
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
        // the socket callbacks take the connection's lock: connect() and rotate() hold it until they have recorded the
        // new socket, which OkHttp may open or fail (a refused connect) before newWebSocket has even returned
        @Override
        public void onOpen(WebSocket ws, Response response) {
            opened(ws);
        }

        @Override
        public void onMessage(WebSocket ws, String text) {
            if (handover != null) {
                duringHandover(ws, text);
                return;
            }
            if (ws != socket || closing) {
                return;
            }
            deliver(ws, text);
        }

        @Override
        public void onClosing(WebSocket ws, int code, String reason) {
            ws.close(1000, null);
        }

        @Override
        public void onClosed(WebSocket ws, int code, String reason) {
            ended(ws, RawFrame.Type.CLOSE, "closed by the server: " + code + (reason.isEmpty() ? "" : " " + reason));
        }

        @Override
        public void onFailure(WebSocket ws, Throwable t, Response response) {
            ended(ws, RawFrame.Type.ERROR, t.toString() + (response != null ? " (HTTP " + response.code() + ")" : ""));
        }
    }

    private synchronized void opened(WebSocket ws) {
        if (handover != null && ws != socket) {
            successorOpened(ws);
            return;
        }
        if (ws != socket || closing) {
            return;
        }
        long now = System.currentTimeMillis();
        live(now, now);
        cancel(openTimeout);
        emitAll(RawFrame.Type.OPEN, "connected to " + shorten(protocol.url()));
        subscribe(ws, protocol);
        scheduleTicks(ws);
        metrics.connections.inc();
    }

    private synchronized void ended(WebSocket ws, RawFrame.Type type, String why) {
        if (handover != null && ws != socket) {
            successorLost(ws, why);
            return;
        }
        if (ws != socket) {
            return;
        }
        lost(ws, type, why);
    }

    /** The socket (opened at {@code openedMs}) is the live one from {@code nowMs}: its silence and pings count from now. */
    private void live(long openedMs, long nowMs) {
        open = true;
        openedAtMs = openedMs;
        lastFrameMs = nowMs;
        stallReported = false;
        pings.opened(nowMs);
    }

    /** Sends the protocol's subscriptions on {@code ws}, spaced, while it is the live socket or the successor. */
    private void subscribe(WebSocket ws, ExchangeProtocol p) {
        List<String> messages = p.openMessages();
        subscribingUntilMs = System.currentTimeMillis() + messages.size() * SUBSCRIBE_SPACING_MS;
        for (int i = 0; i < messages.size(); i++) {
            String m = messages.get(i);
            timer.schedule(() -> {
                if ((ws == socket && open) || isSuccessor(ws)) {
                    ws.send(m);
                }
            }, i * SUBSCRIBE_SPACING_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** The live socket's health checks and its session limit. */
    private void scheduleTicks(WebSocket ws) {
        tick = timer.scheduleWithFixedDelay(() -> onTick(ws), 1, 1, TimeUnit.SECONDS);
        long sessionMs = (long) (settings.maxSessionS() * 1000);
        sessionLimit = timer.schedule(() -> rotate(ws, "session reached WS_MAX_SESSION_S=" + settings.maxSessionS() + " s"),
                sessionMs, TimeUnit.MILLISECONDS);
    }

    /** A frame of the live socket, routed to its symbols. */
    private void deliver(WebSocket ws, String text) {
        lastFrameMs = System.currentTimeMillis();
        stallReported = false;
        counted(text);
        Routing r = routing;
        if (r == null || r.ws != ws) {
            r = new Routing(ws);
            routing = r; // one per socket, not one per frame
        }
        protocol.onFrame(text, r);
    }

    private void counted(String text) {
        metrics.frames.inc();
        metrics.bytes.inc(text.length());
    }

    private boolean isSuccessor(WebSocket ws) {
        SessionHandover h = handover;
        return h != null && ws == h.successor();
    }

    /** While a handover runs, both sockets' frames are handled under the lock: the switch sees a settled position. */
    private synchronized void duringHandover(WebSocket ws, String text) {
        SessionHandover h = handover;
        if (h != null && ws == h.successor()) {
            counted(text);
            h.protocol().onFrame(text, h.holding());
        } else if (ws == socket && !closing) {
            deliver(ws, text);
        }
    }

    /**
     * Moves the session to a new socket: a successor is connected beside the live one and takes over once it has caught
     * up ({@link SessionHandover}); where the protocol's ids differ per connection, a reconnect.
     */
    private synchronized void rotate(WebSocket ws, String reason) {
        if (ws != socket || closing || handover != null) {
            return;
        }
        ExchangeProtocol next = ExchangeProtocol.create(split, settings);
        FrameParser ids = next.handoverIds();
        if (ids == null) {
            reconnect(ws, reason);
            return;
        }
        SessionHandover h = new SessionHandover(next, ids, reason, System.currentTimeMillis(), (long) (settings.openTimeoutS() * 1000));
        handover = h;
        LOG.info("{}: {}: handing the session over to a new socket", split.id(), reason);
        symbolLog.info(split.id() + ": " + reason + ": handing the session over to a new socket");
        h.successor(client.newWebSocket(new Request.Builder().url(next.url()).build(), new Listener()), this::abandon);
        handoverCheck = timer.scheduleWithFixedDelay(this::checkHandover, 100, 100, TimeUnit.MILLISECONDS);
    }

    private synchronized void successorOpened(WebSocket ws) {
        SessionHandover h = handover;
        if (h == null || ws != h.successor() || closing) {
            return;
        }
        h.successorOpened(System.currentTimeMillis(), h.protocol().openMessages().size() * SUBSCRIBE_SPACING_MS);
        subscribe(ws, h.protocol());
        metrics.connections.inc();
    }

    /** The timer's look at a running handover. */
    private synchronized void checkHandover() {
        SessionHandover h = handover;
        if (h == null || closing) {
            return;
        }
        long now = System.currentTimeMillis();
        switch (h.next(now)) {
            case SWITCH -> switchOver(null);
            case SWITCH_LATE -> switchOver("the live socket had not delivered what the new one holds after "
                    + (now - h.successorOpenedMs()) + " ms");
            case ABANDON -> abandon("the new socket did not open within WS_OPEN_TIMEOUT_S=" + settings.openTimeoutS() + " s");
            case WAIT -> { }
        }
    }

    /**
     * The successor becomes the live socket: the ledgers get a handover frame, then the held frames the live socket did
     * not deliver, then the successor's own; the old socket is closed. The handover ends last: until then the
     * successor's reader waits for the lock, so none of its frames overtakes a held one.
     */
    private void switchOver(String note) {
        SessionHandover h = handover;
        WebSocket old = socket;
        WebSocket next = h.successor();
        cancel(handoverCheck);
        stopTimers();
        attempt++;
        socket = next;
        protocol = h.protocol();
        long now = System.currentTimeMillis();
        live(h.successorOpenedMs(), now);
        List<SessionHandover.Held> held = h.release(now);
        tail = h.behind() ? h : null;
        long deadline = frames.deadline();
        for (String s : split.symbols()) {
            emit(s, RawFrame.Type.HANDOVER, h.describe(s) + (note == null ? "" : "; " + note), deadline, false);
        }
        for (SessionHandover.Held f : held) {
            if (f.symbol() == null) {
                emitAll(RawFrame.Type.DATA, f.text());
            } else {
                emit(f.symbol(), RawFrame.Type.DATA, f.text(), DEADLINE_FROM_NOW, false);
            }
        }
        handover = null;
        metrics.handovers.inc();
        scheduleTicks(next);
        if (old != null) {
            old.close(1000, "session handed over");
            timer.schedule(old::cancel, 2, TimeUnit.SECONDS);
        }
        LOG.info("{}: session handed over to attempt {} ({} held frame(s) passed on){}", split.id(), attempt, held.size(),
                note == null ? "" : ": " + note);
        symbolLog.info(split.id() + ": session handed over to attempt " + attempt + (note == null ? "" : ": " + note));
    }

    /** The successor closed or failed before it took over: the live socket reconnects instead. */
    private synchronized void successorLost(WebSocket ws, String why) {
        if (isSuccessor(ws) && !closing) {
            abandon("the new socket was lost: " + why);
        }
    }

    /** Gives the handover up and reconnects the live socket, as a session limit without a handover does. */
    private void abandon(String why) {
        SessionHandover h = handover;
        if (h == null) {
            return; // given up already, by an earlier frame of the same message
        }
        dropSuccessor();
        LOG.warn("{}: session handover abandoned ({}): reconnecting instead", split.id(), why);
        symbolLog.warn(split.id() + ": session handover abandoned (" + why + "): reconnecting instead");
        WebSocket live = socket;
        if (live != null) {
            reconnect(live, h.reason() + "; handover abandoned: " + why);
        }
    }

    /** Cancels a successor that will not take over. */
    private void dropSuccessor() {
        SessionHandover h = handover;
        cancel(handoverCheck);
        handover = null;
        if (h != null && h.successor() != null) {
            h.successor().cancel();
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
            SessionHandover t = tail;
            if (t != null) {
                boolean repeat = t.repeat(symbol, text);
                if (!t.behind()) {
                    tail = null;
                }
                if (repeat) {
                    return;
                }
            }
            SessionHandover h = handover;
            if (h != null) {
                h.delivered(symbol, text);
            }
            emit(symbol, RawFrame.Type.DATA, text, DEADLINE_FROM_NOW, true);
        }

        @Override
        public void instrument(String symbol, String details) {
            emit(symbol, RawFrame.Type.INSTRUMENT, details, DEADLINE_FROM_NOW, true);
        }

        @Override
        public void toAll(String text) {
            long deadline = frames.deadline();
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
        public void rotate(String reason) {
            ExchangeConnection.this.rotate(ws, reason);
        }

        @Override
        public void sequence(String symbol, String detail) {
            long deadline = frames.deadline();
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
        SessionHandover t = tail;
        if (t != null && t.expired(now)) {
            tail = null; // a successor that lagged the old socket has long caught up: no need to read every frame twice
        }
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
        if (now >= subscribingUntilMs && pings.due(now)) {
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
        dropSuccessor();
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
        SessionHandover h = handover;
        if (h != null && h.successorOpen()) {
            switchOver("the old socket was lost before the switch: " + reason);
            return;
        }
        dropSuccessor();
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

    private void emitAll(RawFrame.Type type, String text) {
        frames.toAll(attempt, type, text);
    }

    private void emit(String symbol, RawFrame.Type type, String text, long deadlineNanos, boolean fromReader) {
        frames.to(symbol, attempt, type, text, deadlineNanos, fromReader);
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
        dropSuccessor();
        stopTimers();
        WebSocket ws = socket;
        socket = null;
        if (ws != null) {
            ws.cancel();
        }
    }
}
