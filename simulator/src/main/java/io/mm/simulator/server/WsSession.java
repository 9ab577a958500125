package io.mm.simulator.server;

import io.mm.core.Exchange;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * A client connection. The market thread queues messages here; once per task or tick they go to the
 * channel's event loop in one batch with one flush, so writing costs one hand-off per session per tick,
 * not one per message. A stalled session swallows what is sent to it (the exchange went silent).
 */
public class WsSession {
    private static final Object CLOSE = new Object();

    public final Channel channel;
    public final Exchange exchange;
    public final String pathAndQuery;
    public final long id;
    public final long openedMs;
    private final Sessions sessions;
    private ArrayList<Object> pending = new ArrayList<>();
    private boolean dirty;
    private boolean closing;
    /** Messages are swallowed until then (a stall fault). */
    public long stallUntilMs;
    /** When a message was last queued (heartbeats fill silences). */
    public long lastSentMs;
    /** Protocol pings: when the last one went out and when a pong last came back. */
    public long lastPingMs;
    public volatile long lastPongMs;
    long unwritableSinceMs = -1;

    protected WsSession(Sessions sessions, Channel channel, Exchange exchange, String pathAndQuery, long nowMs) {
        this.sessions = sessions;
        this.channel = channel;
        this.exchange = exchange;
        this.pathAndQuery = pathAndQuery;
        this.id = sessions.nextId();
        this.openedMs = nowMs;
        this.lastSentMs = nowMs;
        this.lastPongMs = nowMs;
        sessions.add(this);
    }

    public boolean stalled(long nowMs) {
        return nowMs < stallUntilMs;
    }

    public boolean closing() {
        return closing;
    }

    /** Queues a text message; market thread only. */
    public void send(String text) {
        if (closing || stalled(sessions.now())) {
            return;
        }
        pending.add(text);
        lastSentMs = sessions.now();
        sessions.sent(exchange, text.length());
        markDirty();
    }

    /** Queues a frame (protocol pings); market thread only. */
    public void sendFrame(WebSocketFrame frame) {
        if (closing || stalled(sessions.now())) {
            frame.release();
            return;
        }
        pending.add(frame);
        markDirty();
    }

    /** Sends a close frame after what is queued, then closes the connection. */
    public void close(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        pending.add(new CloseWebSocketFrame(code, reason));
        pending.add(CLOSE);
        markDirty();
    }

    /** Drops the connection without a close frame (a broken network, a crashed server). */
    public void abort() {
        closing = true;
        pending.add(CLOSE);
        markDirty();
    }

    private void markDirty() {
        if (!dirty) {
            dirty = true;
            sessions.dirty(this);
        }
    }

    /** Hands the queued messages to the event loop. Market thread. */
    void flush() {
        dirty = false;
        if (pending.isEmpty()) {
            return;
        }
        List<Object> out = pending;
        pending = new ArrayList<>(Math.max(8, out.size()));
        channel.eventLoop().execute(() -> write(out));
    }

    private void write(List<Object> out) {
        for (Object o : out) {
            if (o == CLOSE) {
                channel.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            if (!channel.isActive()) {
                if (o instanceof WebSocketFrame f) {
                    f.release();
                }
                continue;
            }
            channel.write(o instanceof String s ? new TextWebSocketFrame(s) : o, channel.voidPromise());
        }
        channel.flush();
    }

    @Override
    public String toString() {
        return exchange.id() + " session " + id + " " + pathAndQuery;
    }
}
