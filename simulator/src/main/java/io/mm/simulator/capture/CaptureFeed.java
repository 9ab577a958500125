package io.mm.simulator.capture;

import io.mm.core.Exchange;
import io.mm.simulator.market.MarketHub;
import io.mm.simulator.market.Step;
import io.mm.simulator.market.SymbolMarket;
import io.mm.simulator.server.ExchangeFeed;
import io.mm.simulator.server.RestAnswer;
import io.mm.simulator.server.Sessions;
import io.mm.simulator.server.WsSession;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One exchange's part of a capture, played as its feed: WebSocket lines go, in order and at their recorded
 * pace (times {@code speed}; 0 is as fast as possible), to every client connected at the line's path; REST
 * lines answer their path with what the exchange answered at that point of the recording. The recording's
 * clock starts when the exchange's first client connects, so nothing is missed by connecting late. What
 * clients send is not answered: the recording already holds the exchange's side of the conversation.
 */
public final class CaptureFeed implements ExchangeFeed {
    /** Lines handed out per tick when replaying as fast as possible, so sockets drain in between. */
    static final int MAX_PER_TICK = 20_000;

    private final Exchange exchange;
    private final MarketHub hub;
    private final Sessions sessions;
    private final double speed;
    private final List<CaptureLine> ws = new ArrayList<>();
    private final Set<String> wsRoutes = new HashSet<>();
    private final Map<String, List<CaptureLine>> rest = new HashMap<>();
    private final Map<String, List<CaptureLine>> restIgnoringLimit = new HashMap<>();
    private final List<WsSession> open = new ArrayList<>();
    private int cursor;
    private long startWallMs = -1;
    private final long firstTs;

    public CaptureFeed(Exchange exchange, MarketHub hub, Sessions sessions, List<CaptureLine> lines, double speed) {
        this.exchange = exchange;
        this.hub = hub;
        this.sessions = sessions;
        this.speed = speed;
        long first = Long.MAX_VALUE;
        for (CaptureLine l : lines) {
            if (l.exchange() != exchange) {
                continue;
            }
            first = Math.min(first, l.tsMs());
            if (l.kind() == CaptureLine.Kind.WS) {
                ws.add(l);
                wsRoutes.add(l.route());
            } else {
                rest.computeIfAbsent(key(l.path(), false), k -> new ArrayList<>()).add(l);
                restIgnoringLimit.computeIfAbsent(key(l.path(), true), k -> new ArrayList<>()).add(l);
            }
        }
        ws.sort((a, b) -> Long.compare(a.tsMs(), b.tsMs()));
        rest.values().forEach(l -> l.sort((a, b) -> Long.compare(a.tsMs(), b.tsMs())));
        restIgnoringLimit.values().forEach(l -> l.sort((a, b) -> Long.compare(a.tsMs(), b.tsMs())));
        this.firstTs = first == Long.MAX_VALUE ? 0 : first;
    }

    /** Path and query with parameters in a fixed order (and optionally without {@code limit}). */
    static String key(String pathAndQuery, boolean ignoreLimit) {
        QueryStringDecoder q = new QueryStringDecoder(pathAndQuery);
        TreeMap<String, List<String>> sorted = new TreeMap<>(q.parameters());
        if (ignoreLimit) {
            sorted.remove("limit");
            sorted.remove("count");
            sorted.remove("len");
        }
        return q.path() + "?" + sorted;
    }

    @Override
    public Exchange exchange() {
        return exchange;
    }

    @Override
    public boolean isWebSocket(String path) {
        return wsRoutes.contains(path);
    }

    @Override
    public WsSession open(Channel channel, String pathAndQuery) {
        WsSession s = new WsSession(sessions, channel, exchange, pathAndQuery, hub.now()) { };
        open.add(s);
        if (startWallMs < 0) {
            startWallMs = hub.now();
        }
        return s;
    }

    @Override
    public void onText(WsSession session, String text) {
        // the recording holds the exchange's answers already
    }

    @Override
    public void onClosed(WsSession session) {
        open.remove(session);
    }

    /** Where the recording stands: its first line's time until a client connects. */
    long replayTime(long now) {
        if (startWallMs < 0) {
            return firstTs;
        }
        if (speed <= 0) {
            return Long.MAX_VALUE;
        }
        return firstTs + (long) ((now - startWallMs) * speed);
    }

    @Override
    public void onStep(SymbolMarket market, Step step) {
        // no markets in a replay
    }

    @Override
    public void onTick(long now) {
        if (startWallMs < 0) {
            return;
        }
        long t = replayTime(now);
        int sent = 0;
        while (cursor < ws.size() && ws.get(cursor).tsMs() <= t && sent < MAX_PER_TICK) {
            CaptureLine l = ws.get(cursor++);
            String route = l.route();
            for (WsSession s : open) {
                String path = s.pathAndQuery.indexOf('?') < 0 ? s.pathAndQuery : s.pathAndQuery.substring(0, s.pathAndQuery.indexOf('?'));
                if (path.equals(route)) {
                    s.send(l.msg());
                }
            }
            sent++;
        }
    }

    /** Lines still to play. */
    public int remaining() {
        return ws.size() - cursor;
    }

    @Override
    public RestAnswer rest(String pathAndQuery) {
        String full = "/" + exchange.id() + pathAndQuery;
        List<CaptureLine> answers = rest.get(key(full, false));
        if (answers == null) {
            answers = restIgnoringLimit.get(key(full, true));
        }
        if (answers == null) {
            return RestAnswer.of(404, "{\"error\":\"the capture holds no answer for " + full.replace("\"", "'") + "\"}");
        }
        long t = replayTime(hub.now());
        CaptureLine best = answers.get(0);
        for (CaptureLine l : answers) {
            if (l.tsMs() <= t) {
                best = l;
            }
        }
        return RestAnswer.ok(best.msg());
    }
}
