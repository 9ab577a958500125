package io.mm.sources.ws;

import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.FrameKind;
import io.mm.core.feed.FrameParser;
import io.mm.core.feed.TradeBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import okhttp3.WebSocket;

/**
 * One session passing from its live socket to a successor without a resync, for exchanges whose update and trade
 * ids are the same on every connection (Binance). While both sockets are open, the live one's frames go on and the
 * last {@code u} and trade id it delivered per symbol are noted, and the successor's frames are held. At the switch
 * the held frames the live socket already delivered are dropped and the rest follow in arrival order; the successor
 * may also lag the old socket, so its later frames are checked the same way ({@link #repeat}) until each stream has
 * passed what the old socket delivered ({@link #behind}). Each book continues with its next update. The operator
 * checks that continuity as for any update: a successor that does not continue a book is a sequence gap and a resync
 * there, as a reconnect would have been.
 *
 * <p>Not thread-safe: the connection calls it under its lock until the switch, then from the new socket's reader only.
 */
final class SessionHandover {
    /** One held frame of the successor: its symbol ({@code null}: every symbol of the connection) and text. */
    record Held(String symbol, String text) {
    }

    private static final long NONE = DepthUpdate.NONE;

    /** What is known of one symbol on both sockets. */
    private static final class Position {
        long deliveredU = NONE;
        long deliveredTrade = NONE;
        long firstHeldU = NONE;
        int held;
        int dropped;
        long continuesAtU = NONE;
        boolean depthPassed;
        boolean tradesPassed;

        /** Nothing of it can repeat what the old socket delivered any more. */
        boolean passed() {
            return (deliveredU == NONE || depthPassed) && (deliveredTrade == NONE || tradesPassed);
        }
    }

    /** What the connection does next about a running handover. */
    enum Step {
        /** Keep both sockets. */
        WAIT,
        /** The successor takes over now, having caught up. */
        SWITCH,
        /** The successor takes over now, although the live socket has not delivered all the successor holds. */
        SWITCH_LATE,
        /** The successor did not open in time: give it up. */
        ABANDON
    }

    /** How long a successor runs beside the live socket, after its subscriptions were sent, before it takes over. */
    static final long SETTLE_MS = 1_000;
    /**
     * How much longer a handover waits for a live socket that has not delivered what the successor holds, and how long
     * after the switch the successor's frames are still checked for repeats.
     */
    static final long CATCH_UP_MS = 10_000;

    private final FrameParser ids;
    private final ExchangeProtocol protocol;
    private final Map<String, Position> positions = new HashMap<>();
    private final List<Held> held = new ArrayList<>();
    private final String reason;
    private final long startedMs;
    private final long openTimeoutMs;
    private WebSocket successor;
    private ExchangeProtocol.Sink holding;
    private long successorOpenedMs = -1;
    private long settleMs;
    /** When the held frames were released (the switch), or -1 before. */
    private long releasedMs = -1;
    /** After the switch: the streams whose successor frames have not yet passed what the old socket delivered. */
    private int behind;

    /**
     * @param protocol      the successor's protocol, whose ids are read with {@code ids}
     * @param openTimeoutMs how long the successor may take to open
     */
    SessionHandover(ExchangeProtocol protocol, FrameParser ids, String reason, long startedMs, long openTimeoutMs) {
        this.protocol = protocol;
        this.ids = ids;
        this.reason = reason;
        this.startedMs = startedMs;
        this.openTimeoutMs = openTimeoutMs;
    }

    String reason() {
        return reason;
    }

    ExchangeProtocol protocol() {
        return protocol;
    }

    WebSocket successor() {
        return successor;
    }

    /** The successor socket; what its routed frames ask for that ends the handover is told to {@code abandon}. */
    void successor(WebSocket ws, Consumer<String> abandon) {
        successor = ws;
        holding = holding(ws::send, abandon);
    }

    /** Where the successor's routed frames go until the switch. */
    ExchangeProtocol.Sink holding() {
        return holding;
    }

    /** The successor opened; its subscriptions take {@code subscribingMs} to send, then it settles. */
    void successorOpened(long nowMs, long subscribingMs) {
        successorOpenedMs = nowMs;
        settleMs = subscribingMs + SETTLE_MS;
    }

    boolean successorOpen() {
        return successorOpenedMs >= 0;
    }

    long successorOpenedMs() {
        return successorOpenedMs;
    }

    /** What to do at {@code nowMs}. */
    Step next(long nowMs) {
        if (!successorOpen()) {
            return nowMs - startedMs > openTimeoutMs ? Step.ABANDON : Step.WAIT;
        }
        long running = nowMs - successorOpenedMs;
        if (running < settleMs) {
            return Step.WAIT;
        }
        if (caughtUp()) {
            return Step.SWITCH;
        }
        return running >= settleMs + CATCH_UP_MS ? Step.SWITCH_LATE : Step.WAIT;
    }

    /** The live socket delivered {@code text} to {@code symbol}. */
    void delivered(String symbol, String text) {
        FrameKind kind = ids.parse(text);
        if (kind == FrameKind.DEPTH_UPDATE) {
            Position p = position(symbol);
            p.deliveredU = Math.max(p.deliveredU, ids.depth().lastUpdateId);
        } else if (kind == FrameKind.TRADES) {
            Position p = position(symbol);
            TradeBatch t = ids.trades();
            for (int i = 0; i < t.size(); i++) {
                p.deliveredTrade = Math.max(p.deliveredTrade, t.tradeId(i));
            }
        }
    }

    /** The successor received {@code text} for {@code symbol} ({@code null}: every symbol). */
    void hold(String symbol, String text) {
        held.add(new Held(symbol, text));
        if (symbol != null) {
            Position p = position(symbol);
            p.held++;
            if (p.firstHeldU == NONE && ids.parse(text) == FrameKind.DEPTH_UPDATE) {
                p.firstHeldU = ids.depth().firstUpdateId;
            }
        }
    }

    /**
     * True when the live socket has delivered every update before the first one the successor holds, for each symbol
     * the successor has an update of: switching now loses nothing and repeats nothing the ids cannot tell apart.
     */
    boolean caughtUp() {
        for (Position p : positions.values()) {
            if (p.firstHeldU != NONE && (p.deliveredU == NONE || p.deliveredU + 1 < p.firstHeldU)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The held frames the live socket has not delivered, in arrival order, at the switch ({@code nowMs}); what was
     * dropped is counted per symbol.
     */
    List<Held> release(long nowMs) {
        List<Held> out = new ArrayList<>(held.size());
        for (Held h : held) {
            if (h.symbol() == null || !repeat(h.symbol(), h.text())) {
                out.add(h);
            }
        }
        held.clear();
        for (Position p : positions.values()) {
            behind += (p.deliveredU != NONE && !p.depthPassed ? 1 : 0) + (p.deliveredTrade != NONE && !p.tradesPassed ? 1 : 0);
        }
        releasedMs = nowMs;
        return out;
    }

    /**
     * True when the successor's frame repeats what the old socket delivered (an update up to its last {@code u}, trades up
     * to its last id), which is then counted and not passed on; a frame beyond it marks its stream as passed. After the
     * switch, frames of symbols that have passed are not read at all.
     */
    boolean repeat(String symbol, String text) {
        if (releasedMs >= 0) {
            Position p = positions.get(symbol);
            if (p == null || p.passed()) {
                return false;
            }
        }
        FrameKind kind = ids.parse(text);
        if (kind != FrameKind.DEPTH_UPDATE && kind != FrameKind.TRADES) {
            return false;
        }
        Position p = position(symbol);
        boolean repeat;
        if (kind == FrameKind.DEPTH_UPDATE) {
            DepthUpdate d = ids.depth();
            repeat = p.deliveredU != NONE && d.lastUpdateId <= p.deliveredU;
            if (!repeat && !p.depthPassed) {
                p.depthPassed = true;
                p.continuesAtU = d.firstUpdateId;
                passed(p.deliveredU);
            }
        } else {
            TradeBatch t = ids.trades();
            repeat = p.deliveredTrade != NONE && t.size() > 0;
            for (int i = 0; i < t.size() && repeat; i++) {
                repeat = t.tradeId(i) <= p.deliveredTrade;
            }
            if (!repeat && !p.tradesPassed) {
                p.tradesPassed = true;
                passed(p.deliveredTrade);
            }
        }
        if (repeat) {
            p.dropped++;
        }
        return repeat;
    }

    /** A stream passed what the old socket delivered; after the switch, one fewer is behind. */
    private void passed(long delivered) {
        if (delivered != NONE && releasedMs >= 0) {
            behind--;
        }
    }

    /** After {@link #release}: true while a stream of the successor has not yet passed what the old socket delivered. */
    boolean behind() {
        return behind > 0;
    }

    /** After {@link #release}: the successor has had {@link #CATCH_UP_MS} to pass what the old socket delivered. */
    boolean expired(long nowMs) {
        return nowMs - releasedMs > CATCH_UP_MS;
    }

    /** One line for {@code symbol}'s ledger, after {@link #release}: why, and where its book continues. */
    String describe(String symbol) {
        Position p = positions.get(symbol);
        StringBuilder b = new StringBuilder("session handed over to a new socket (").append(reason).append("): ");
        if (p == null) {
            return b.append("nothing received during the handover").toString();
        }
        b.append(p.held).append(" frame(s) held, ").append(p.dropped).append(" already delivered");
        if (p.continuesAtU != NONE) {
            b.append(", the book continues at U=").append(p.continuesAtU);
            if (p.deliveredU != NONE) {
                b.append(" after u=").append(p.deliveredU);
            }
        }
        return b.toString();
    }

    /** Held, except what ends the handover, which {@code abandon} is told why. */
    private ExchangeProtocol.Sink holding(Consumer<String> send, Consumer<String> abandon) {
        return new ExchangeProtocol.Sink() {
            @Override
            public void toSymbol(String symbol, String text) {
                hold(symbol, text);
            }

            @Override
            public void toAll(String text) {
                hold(null, text);
            }

            @Override
            public void send(String message) {
                send.accept(message);
            }

            @Override
            public void pong() {
                // the successor's pings start when it is the live socket
            }

            @Override
            public void reconnect(String why) {
                abandon.accept("the new socket asked for a reconnect: " + why);
            }

            @Override
            public void instrument(String symbol, String details) {
                abandon.accept("the new socket sent instrument details, which a handover does not carry over");
            }

            @Override
            public void sequence(String symbol, String detail) {
                abandon.accept("the new socket's sequence broke: " + detail);
            }
        };
    }

    private Position position(String symbol) {
        return positions.computeIfAbsent(symbol, s -> new Position());
    }
}
