package io.mm.api.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One relay client: its channel and the symbols it asked for (catalog keys). The relay thread collects a poll's
 * messages for it and hands them to the channel's event loop in one task; its bounded queue is what those tasks
 * hold plus the channel's outbound buffer, at most the channel's high water mark: a client still over it when new
 * messages are due has fallen behind and is dropped.
 */
public final class Subscriber {
    /** How long a dropped client may still read what was queued for it (and the 'dropped' message). */
    static final int DROP_GRACE_SECONDS = 30;
    final Channel channel;
    final List<String> keys;
    final boolean raw;
    boolean dropped;
    boolean touched;
    /** This poll's buffers, not yet handed to the event loop (relay thread only). */
    final List<ByteBuf> pending = new ArrayList<>(4);
    long pendingBytes;
    /** Bytes handed to the event loop and not yet in the channel's outbound buffer. */
    final AtomicLong inFlight = new AtomicLong();

    public Subscriber(Channel channel, List<String> keys, boolean raw) {
        this.channel = channel;
        this.keys = List.copyOf(keys);
        this.raw = raw;
    }

    /** This poll's messages, written and flushed by the channel's event loop in one task. */
    void handOver() {
        Channel ch = channel;
        ByteBuf[] bufs = pending.toArray(new ByteBuf[0]);
        long bytes = pendingBytes;
        inFlight.addAndGet(bytes);
        ch.eventLoop().execute(() -> {
            for (ByteBuf b : bufs) {
                ch.write(b);
            }
            ch.flush();
            inFlight.addAndGet(-bytes);
        });
    }

    /** Whether the queue is over its bound: the event loop's tasks for this client plus its outbound buffer. */
    boolean behind() {
        return !channel.isWritable() || inFlight.get() > channel.config().getWriteBufferHighWaterMark();
    }

    /** Tells the client it fell behind, then closes it; one that reads nothing is closed after a grace regardless. */
    void drop(String why) {
        dropped = true;
        ByteBuf b = channel.alloc().buffer();
        WsFrames.text(b, ("{\"v\":1,\"type\":\"dropped\",\"reason\":\"" + why + "\"}").getBytes(StandardCharsets.UTF_8));
        channel.writeAndFlush(b);
        channel.writeAndFlush(new CloseWebSocketFrame(1008, "too slow")).addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, DROP_GRACE_SECONDS, TimeUnit.SECONDS);
    }
}
