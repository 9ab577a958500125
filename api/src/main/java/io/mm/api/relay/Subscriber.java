package io.mm.api.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One relay client: its channel and the symbols it asked for (catalog keys). The relay thread collects a poll's
 * messages for it and hands them to the channel's event loop in one task; its bounded queue is what those tasks
 * hold plus the channel's outbound buffer, at most the channel's high water mark: a client still over it when new
 * messages are due has fallen behind and is dropped.
 */
public final class Subscriber {
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
}
