package io.mm.api.relay;

import io.netty.channel.Channel;
import java.util.List;

/**
 * One relay client: its channel and the symbols it asked for (catalog keys). Written to by the relay thread only;
 * its bounded queue is the channel's outbound buffer (the high water mark): a client still over it when new
 * messages are due has fallen behind and is dropped.
 */
public final class Subscriber {
    final Channel channel;
    final List<String> keys;
    final boolean raw;
    boolean dropped;
    boolean touched;

    public Subscriber(Channel channel, List<String> keys, boolean raw) {
        this.channel = channel;
        this.keys = List.copyOf(keys);
        this.raw = raw;
    }
}
