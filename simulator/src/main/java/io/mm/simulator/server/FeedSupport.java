package io.mm.simulator.server;

import io.mm.core.Exchange;
import io.mm.simulator.fault.FaultController;
import io.mm.simulator.fault.FaultKind;
import io.mm.simulator.fault.FaultSpec;
import io.mm.simulator.market.MarketHub;
import java.util.List;

/**
 * What the three feeds share: connection-level faults (malformed frames, closes, stalls, info events,
 * session limits), applied once per tick to the sessions that carry the fault's symbol (or all of them).
 */
public abstract class FeedSupport implements ExchangeFeed {
    protected final MarketHub hub;
    protected final Sessions sessions;
    protected final FaultController faults;
    private final Exchange exchange;
    /** Sessions older than this are closed (the exchanges' 24-hour rule); 0: never. */
    private long sessionLimitMs;

    protected FeedSupport(Exchange exchange, MarketHub hub, Sessions sessions, FaultController faults, long sessionLimitMs) {
        this.exchange = exchange;
        this.hub = hub;
        this.sessions = sessions;
        this.faults = faults;
        this.sessionLimitMs = sessionLimitMs;
    }

    @Override
    public final Exchange exchange() {
        return exchange;
    }

    /** Does this session receive this symbol's data? */
    protected abstract boolean carries(WsSession s, String symbol);

    /** A frame that is not valid JSON, as a broken exchange would send it. */
    protected abstract String malformedFrame();

    /** The exchange's own service notice (Bitfinex info, Binance serverShutdown, Kraken status). */
    protected abstract void sendInfo(WsSession s, long code);

    private List<WsSession> targets(FaultSpec f) {
        return sessions.of(exchange).stream().filter(s -> f.symbol() == null || carries(s, f.symbol())).toList();
    }

    /** Connection faults and the session limit; call once per tick. */
    protected final void tickConnectionFaults(long now) {
        FaultSpec f;
        if ((f = faults.takeAny(FaultKind.MALFORMED, exchange, "malformed frame sent")) != null) {
            targets(f).forEach(s -> s.send(malformedFrame()));
        }
        if ((f = faults.takeAny(FaultKind.INFO, exchange, "service notice sent")) != null) {
            long code = f.param();
            targets(f).forEach(s -> sendInfo(s, code));
        }
        if ((f = faults.takeAny(FaultKind.STALL, exchange, "connections stalled")) != null) {
            long until = now + f.duration().toMillis();
            targets(f).forEach(s -> s.stallUntilMs = until);
        }
        if ((f = faults.takeAny(FaultKind.CLOSE, exchange, "connections closed")) != null) {
            targets(f).forEach(WsSession::abort);
        }
        if ((f = faults.takeAny(FaultKind.SESSION_LIMIT, exchange, "session limit set")) != null) {
            sessionLimitMs = f.duration().toMillis();
        }
        if (sessionLimitMs > 0) {
            for (WsSession s : sessions.of(exchange)) {
                if (!s.closing() && now - s.openedMs >= sessionLimitMs) {
                    faults.record(exchange, null, FaultKind.SESSION_LIMIT, s + " closed after " + (now - s.openedMs) + " ms");
                    s.close(1000, "session limit reached");
                }
            }
        }
    }

    protected static String jsonString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
