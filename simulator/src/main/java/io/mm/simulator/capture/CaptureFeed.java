package io.mm.simulator.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One exchange's part of a capture, played as its feed: WebSocket lines go, in order and at their recorded
 * pace (times {@code speed}; 0 is as fast as possible), to every client connected at the line's path; REST
 * lines answer their path with what the exchange answered at that point of the recording. The recording's
 * clock starts when the exchange's first client connects, so nothing is missed by connecting late.
 *
 * <p>As the exchange would, a line of a channel waits until the client has subscribed to that channel
 * ({@link CaptureChannels}), and what the client sends is answered in the exchange's form where the recording
 * holds no answer: pings get pongs, subscriptions their acknowledgements (the recording's own, when it has one).
 * So a client at its default settings (pings included) replays a capture as it would talk to the exchange.
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
    private final Map<WsSession, Client> open = new java.util.LinkedHashMap<>();
    private final CaptureChannels channels;
    /** Per WebSocket line: the subscription it belongs to, or null. */
    private final List<String> keys = new ArrayList<>();
    /** Subscriptions whose acknowledgement the recording holds. */
    private final Set<String> recordedAcks = new HashSet<>();
    private long chanIds = 900_000;

    /** What one client subscribed to, and the lines held for the rest. */
    private static final class Client {
        final Set<String> subscribed = new HashSet<>();
        final List<CaptureLine> held = new ArrayList<>();
        final List<String> heldKeys = new ArrayList<>();
        /** Binance: the streams of the URL and of SUBSCRIBE since, created at the first method asked. */
        Set<String> binanceStreams;
    }
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
        this.channels = new CaptureChannels(exchange, ws);
        for (CaptureLine l : ws) {
            String key = channels.keyOf(l.msg());
            keys.add(key);
            if (key != null && isAck(l.msg())) {
                recordedAcks.add(key);
            }
        }
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
        open.put(s, new Client());
        if (startWallMs < 0) {
            startWallMs = hub.now();
        }
        return s;
    }

    private static boolean isAck(String msg) {
        return msg.contains("\"method\":\"subscribe\"") || msg.contains("\"event\":\"subscribed\"") || msg.contains("\"event\":\"conf\"");
    }

    /** Pings get pongs; a subscription its acknowledgement (unless the recording has one) and the lines held for it. */
    @Override
    public void onText(WsSession session, String text) {
        Client c = open.get(session);
        JsonNode m = CaptureChannels.parse(text);
        if (c == null || m == null) {
            return;
        }
        switch (exchange) {
            case BINANCE -> {
                if (m.has("method") && m.has("id")) {
                    session.send(binanceAnswer(session, c, m));
                }
            }
            case KRAKEN -> {
                if ("ping".equals(m.path("method").asText())) {
                    String t = java.time.Instant.ofEpochMilli(hub.now()).toString();
                    session.send("{\"method\":\"pong\",\"req_id\":" + m.path("req_id") + ",\"time_in\":\"" + t + "\",\"time_out\":\"" + t + "\"}");
                }
            }
            case BITFINEX -> {
                if ("ping".equals(m.path("event").asText())) {
                    session.send("{\"event\":\"pong\",\"ts\":" + hub.now() + (m.has("cid") ? ",\"cid\":" + m.get("cid") : "") + "}");
                }
            }
        }
        for (String key : channels.subscribes(m)) {
            c.subscribed.add(key);
            if (!recordedAcks.contains(key)) {
                session.send(ack(m, key));
            }
            for (int i = 0; i < c.held.size(); ) {
                if (key.equals(c.heldKeys.get(i))) {
                    session.send(c.held.remove(i).msg());
                    c.heldKeys.remove(i);
                } else {
                    i++;
                }
            }
        }
    }

    /**
     * Binance's answer to a method: {@code LIST_SUBSCRIPTIONS} the streams of the URL and those subscribed since
     * (what the recorder's application ping reads), anything else {@code null}.
     */
    private static String binanceAnswer(WsSession session, Client c, JsonNode m) {
        String method = m.path("method").asText();
        if (c.binanceStreams == null) {
            c.binanceStreams = new LinkedHashSet<>();
            for (String streams : new QueryStringDecoder(session.pathAndQuery).parameters().getOrDefault("streams", List.of())) {
                for (String st : streams.split("/")) {
                    if (!st.isEmpty()) {
                        c.binanceStreams.add(st);
                    }
                }
            }
        }
        if (method.equals("SUBSCRIBE") || method.equals("UNSUBSCRIBE")) {
            m.path("params").forEach(p -> {
                if (method.equals("SUBSCRIBE")) {
                    c.binanceStreams.add(p.asText());
                } else {
                    c.binanceStreams.remove(p.asText());
                }
            });
        }
        String result = "null";
        if (method.equals("LIST_SUBSCRIPTIONS")) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            c.binanceStreams.forEach(list::add);
            result = list.toString();
        }
        return "{\"result\":" + result + ",\"id\":" + m.get("id") + "}";
    }

    /** The exchange's acknowledgement of a subscription the recording has none for. */
    private String ack(JsonNode m, String key) {
        if (exchange == Exchange.KRAKEN) {
            JsonNode p = m.path("params");
            int colon = key.indexOf(':');
            String t = java.time.Instant.ofEpochMilli(hub.now()).toString();
            return "{\"method\":\"subscribe\",\"result\":{\"channel\":\"" + p.path("channel").asText() + "\""
                    + (colon < 0 ? "" : ",\"symbol\":\"" + key.substring(colon + 1) + "\"")
                    + (p.has("depth") ? ",\"depth\":" + p.get("depth") : "") + (p.has("snapshot") ? ",\"snapshot\":" + p.get("snapshot") : "")
                    + "},\"success\":true,\"time_in\":\"" + t + "\",\"time_out\":\"" + t + "\""
                    + (m.has("req_id") ? ",\"req_id\":" + m.get("req_id") : "") + "}";
        }
        if (key.equals("conf")) {
            return "{\"event\":\"conf\",\"status\":\"OK\",\"flags\":" + m.path("flags").asLong(0) + "}";
        }
        int colon = key.indexOf(':');
        return "{\"event\":\"subscribed\",\"channel\":\"" + key.substring(0, colon) + "\",\"chanId\":" + (++chanIds) + ",\"symbol\":\""
                + key.substring(colon + 1) + "\"}";
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
            String key = keys.get(cursor);
            CaptureLine l = ws.get(cursor++);
            String route = l.route();
            for (Map.Entry<WsSession, Client> e : open.entrySet()) {
                WsSession s = e.getKey();
                String path = s.pathAndQuery.indexOf('?') < 0 ? s.pathAndQuery : s.pathAndQuery.substring(0, s.pathAndQuery.indexOf('?'));
                if (!path.equals(route)) {
                    continue;
                }
                Client c = e.getValue();
                if (key == null || c.subscribed.contains(key)) {
                    s.send(l.msg());
                } else {
                    c.held.add(l);
                    c.heldKeys.add(key);
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
