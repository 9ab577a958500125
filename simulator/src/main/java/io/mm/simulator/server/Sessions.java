package io.mm.simulator.server;

import io.mm.core.Exchange;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every open session, the ones with queued messages, and what was sent per exchange. Mutated on the market
 * thread only; the counters are readable from anywhere.
 */
public final class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    /** A client that cannot take what it is sent for this long is dropped, as exchanges drop slow consumers. */
    static final long SLOW_CONSUMER_MS = 10_000;

    private final LongSupplier clock;
    private final Map<Exchange, Set<WsSession>> open = new EnumMap<>(Exchange.class);
    private final ArrayList<WsSession> dirty = new ArrayList<>();
    private final AtomicLongArray messages = new AtomicLongArray(Exchange.values().length);
    private final AtomicLongArray chars = new AtomicLongArray(Exchange.values().length);
    private final AtomicLongArray connections = new AtomicLongArray(Exchange.values().length);
    private final AtomicLongArray restRateLimited = new AtomicLongArray(Exchange.values().length);
    private final AtomicLongArray restBanned = new AtomicLongArray(Exchange.values().length);
    private long ids;

    public Sessions(LongSupplier clock) {
        this.clock = clock;
        for (Exchange e : Exchange.values()) {
            open.put(e, new LinkedHashSet<>());
        }
    }

    long now() {
        return clock.getAsLong();
    }

    long nextId() {
        return ++ids;
    }

    void add(WsSession s) {
        open.get(s.exchange).add(s);
        connections.incrementAndGet(s.exchange.ordinal());
    }

    public void remove(WsSession s) {
        open.get(s.exchange).remove(s);
    }

    public List<WsSession> of(Exchange e) {
        return new ArrayList<>(open.get(e));
    }

    public int count(Exchange e) {
        return open.get(e).size();
    }

    void sent(Exchange e, int length) {
        // plain adds would do on the one writer thread, but stats readers want a consistent view
        messages.lazySet(e.ordinal(), messages.get(e.ordinal()) + 1);
        chars.lazySet(e.ordinal(), chars.get(e.ordinal()) + length);
    }

    void dirty(WsSession s) {
        dirty.add(s);
    }

    /** Hands every session's queued messages to its event loop; drops clients that have not kept up for {@link #SLOW_CONSUMER_MS}. */
    public void flushAll() {
        if (dirty.isEmpty()) {
            return;
        }
        long now = now();
        for (int i = 0; i < dirty.size(); i++) {
            WsSession s = dirty.get(i);
            if (!s.channel.isWritable()) {
                if (s.unwritableSinceMs < 0) {
                    s.unwritableSinceMs = now;
                } else if (now - s.unwritableSinceMs > SLOW_CONSUMER_MS && !s.closing()) {
                    LOG.warn("{}: client has not kept up with its stream for {} ms (over 4 MiB unsent), closing it as a slow consumer", s, now - s.unwritableSinceMs);
                    s.abort();
                }
            } else {
                s.unwritableSinceMs = -1;
            }
            s.flush();
        }
        dirty.clear();
    }

    /** Counts a REST answer's status: 429 (rate limited) and 418 (IP banned) are what a client must never cause. */
    public void restAnswered(Exchange e, int status) {
        if (status == 429) {
            restRateLimited.incrementAndGet(e.ordinal());
        } else if (status == 418) {
            restBanned.incrementAndGet(e.ordinal());
        }
    }

    public long restRateLimited(Exchange e) {
        return restRateLimited.get(e.ordinal());
    }

    public long restBanned(Exchange e) {
        return restBanned.get(e.ordinal());
    }

    public long messages(Exchange e) {
        return messages.get(e.ordinal());
    }

    public long chars(Exchange e) {
        return chars.get(e.ordinal());
    }

    public long connections(Exchange e) {
        return connections.get(e.ordinal());
    }
}
