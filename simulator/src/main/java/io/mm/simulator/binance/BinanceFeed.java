package io.mm.simulator.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.simulator.fault.FaultController;
import io.mm.simulator.fault.FaultKind;
import io.mm.simulator.market.Change;
import io.mm.simulator.market.MarketHub;
import io.mm.simulator.market.Step;
import io.mm.simulator.market.SymbolMarket;
import io.mm.simulator.market.Text;
import io.mm.simulator.market.Trade;
import io.mm.simulator.server.FeedSupport;
import io.mm.simulator.server.RestAnswer;
import io.mm.simulator.server.Sessions;
import io.mm.simulator.server.WsSession;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Binance Spot: raw ({@code /ws/<stream>}) and combined ({@code /stream?streams=a/b}) streams of
 * {@code <symbol>@depth}, {@code @depth@100ms} and {@code @trade}; SUBSCRIBE, UNSUBSCRIBE and
 * LIST_SUBSCRIPTIONS; a protocol ping every 20 s and a close when no pong came for a minute; the 5 incoming
 * messages per second limit. Depth events gather every change of their 100 ms (or 1 s) slot, each change one
 * update id, so {@code U} follows the previous {@code u} exactly as on the exchange.
 */
public final class BinanceFeed extends FeedSupport {
    static final long PING_EVERY_MS = 20_000;
    static final long PONG_TIMEOUT_MS = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BinanceRest rest;
    private final int incomingPerSecond;
    private final Map<String, Subscribers> bySymbol = new HashMap<>();

    /** A session and its streams. */
    static final class Session extends WsSession {
        final boolean combined;
        final Set<String> streams = new LinkedHashSet<>();
        long windowStartMs;
        int inWindow;

        Session(Sessions sessions, Channel ch, String path, long now, boolean combined) {
            super(sessions, ch, Exchange.BINANCE, path, now);
            this.combined = combined;
        }
    }

    /** Who listens to one symbol, and the depth changes gathered for each speed. */
    private static final class Subscribers {
        final List<Session> trade = new ArrayList<>();
        final DepthSlot fast = new DepthSlot("@depth@100ms", 100);
        final DepthSlot slow = new DepthSlot("@depth", 1000);
    }

    /** Changes since the last event of one speed, and the event a reorder fault holds back. */
    private static final class DepthSlot {
        final String suffix;
        final long periodMs;
        final List<Session> sessions = new ArrayList<>();
        final List<Change> changes = new ArrayList<>();
        long firstId = -1;
        long lastId;
        long slot = -1;
        String held; // reorder: this event goes out after the next one

        DepthSlot(String suffix, long periodMs) {
            this.suffix = suffix;
            this.periodMs = periodMs;
        }
    }

    public BinanceFeed(MarketHub hub, Sessions sessions, FaultController faults, long sessionLimitMs, int incomingPerSecond,
                       int weightPerMinute) {
        super(Exchange.BINANCE, hub, sessions, faults, sessionLimitMs);
        this.incomingPerSecond = incomingPerSecond;
        this.rest = new BinanceRest(hub, weightPerMinute);
    }

    @Override
    public boolean isWebSocket(String path) {
        return path.equals("/ws") || path.startsWith("/ws/") || path.equals("/stream");
    }

    @Override
    public WsSession open(Channel channel, String pathAndQuery) {
        QueryStringDecoder q = new QueryStringDecoder(pathAndQuery);
        boolean combined = q.path().equals("/stream");
        Session s = new Session(sessions, channel, pathAndQuery, hub.now(), combined);
        List<String> streams = new ArrayList<>();
        if (combined) {
            List<String> p = q.parameters().get("streams");
            if (p != null) {
                for (String v : p) {
                    streams.addAll(List.of(v.split("/")));
                }
            }
        } else if (q.path().startsWith("/ws/")) {
            streams.addAll(List.of(q.path().substring(4).split("/")));
        }
        streams.forEach(st -> subscribe(s, st));
        s.lastPingMs = hub.now();
        return s;
    }

    private void subscribe(Session s, String stream) {
        String st = stream.trim();
        if (st.isEmpty() || !s.streams.add(st)) {
            return;
        }
        int at = st.indexOf('@');
        if (at <= 0) {
            return;
        }
        String symbol = st.substring(0, at).toUpperCase(Locale.ROOT);
        String kind = st.substring(at);
        if (hub.market(Exchange.BINANCE, symbol) == null) {
            return; // Binance accepts streams of unknown symbols and sends nothing on them
        }
        Subscribers subs = bySymbol.computeIfAbsent(symbol, k -> new Subscribers());
        switch (kind) {
            case "@trade" -> subs.trade.add(s);
            case "@depth@100ms" -> subs.fast.sessions.add(s);
            case "@depth", "@depth@1000ms" -> subs.slow.sessions.add(s);
            default -> { } // other streams (bookTicker, kline, aggTrade) are listed but not simulated
        }
    }

    private void unsubscribe(Session s, String stream) {
        if (!s.streams.remove(stream)) {
            return;
        }
        int at = stream.indexOf('@');
        Subscribers subs = at > 0 ? bySymbol.get(stream.substring(0, at).toUpperCase(Locale.ROOT)) : null;
        if (subs == null) {
            return;
        }
        switch (stream.substring(at)) {
            case "@trade" -> subs.trade.remove(s);
            case "@depth@100ms" -> subs.fast.sessions.remove(s);
            case "@depth", "@depth@1000ms" -> subs.slow.sessions.remove(s);
            default -> { }
        }
    }

    @Override
    public void onClosed(WsSession session) {
        Session s = (Session) session;
        for (String st : new ArrayList<>(s.streams)) {
            unsubscribe(s, st);
        }
    }

    @Override
    public void onText(WsSession session, String text) {
        Session s = (Session) session;
        long now = hub.now();
        if (now - s.windowStartMs >= 1000) {
            s.windowStartMs = now;
            s.inWindow = 0;
        }
        if (++s.inWindow > incomingPerSecond) {
            s.close(1008, "Too many messages; current limit is " + incomingPerSecond + " messages per second");
            return;
        }
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (Exception e) {
            s.send("{\"error\":{\"code\":3,\"msg\":\"Invalid JSON: " + e.getClass().getSimpleName() + "\"},\"id\":null}");
            return;
        }
        JsonNode id = n.get("id");
        String idText = id == null || id.isNull() ? "null" : id.toString();
        String method = n.path("method").asText("");
        switch (method) {
            case "SUBSCRIBE", "UNSUBSCRIBE" -> {
                JsonNode params = n.get("params");
                if (params == null || !params.isArray()) {
                    s.send("{\"error\":{\"code\":2,\"msg\":\"Invalid request: missing field `params`\"},\"id\":" + idText + "}");
                    return;
                }
                for (JsonNode p : params) {
                    if (method.equals("SUBSCRIBE")) {
                        subscribe(s, p.asText());
                    } else {
                        unsubscribe(s, p.asText());
                    }
                }
                s.send("{\"result\":null,\"id\":" + idText + "}");
            }
            case "LIST_SUBSCRIPTIONS" -> {
                StringBuilder sb = new StringBuilder("{\"result\":[");
                int i = 0;
                for (String st : s.streams) {
                    sb.append(i++ == 0 ? "" : ",").append(jsonString(st));
                }
                s.send(sb.append("],\"id\":").append(idText).append('}').toString());
            }
            default -> s.send("{\"error\":{\"code\":2,\"msg\":\"Invalid request: unknown variant `" + method.replace("\"", "")
                    + "`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY`\"},\"id\":"
                    + idText + "}");
        }
    }

    @Override
    public void onStep(SymbolMarket market, Step step) {
        Subscribers subs = bySymbol.get(market.instrument.symbol());
        if (subs == null) {
            return;
        }
        gather(subs.fast, step);
        gather(subs.slow, step);
        if (step.trade != null && !subs.trade.isEmpty()
                && faults.take(FaultKind.TRADE_DROP, Exchange.BINANCE, market.instrument.symbol(), "trade " + step.trade.id() + " dropped") == null) {
            String msg = tradeEvent(market, step.trade);
            String wrapped = null;
            for (Session s : subs.trade) {
                if (s.combined) {
                    if (wrapped == null) {
                        wrapped = combined(market.instrument.symbol().toLowerCase(Locale.ROOT) + "@trade", msg);
                    }
                    s.send(wrapped);
                } else {
                    s.send(msg);
                }
            }
        }
    }

    private static void gather(DepthSlot d, Step step) {
        if (d.sessions.isEmpty()) {
            d.firstId = -1;
            d.changes.clear();
            return;
        }
        if (d.firstId < 0) {
            d.firstId = step.firstUpdateId;
        }
        d.changes.addAll(step.changes);
        d.lastId = step.lastUpdateId;
    }

    /** A combined-stream frame ({@code /stream?streams=...}): the event wrapped with its stream name. */
    public static String combined(String stream, String event) {
        return "{\"stream\":\"" + stream + "\",\"data\":" + event + "}";
    }

    /** One {@code trade} event as Binance sends it (raw stream form). */
    public static String tradeEvent(SymbolMarket m, Trade t) {
        int pd = m.instrument.priceDecimals();
        int qd = m.instrument.qtyDecimals();
        return "{\"e\":\"trade\",\"E\":" + t.timeMs() + ",\"s\":\"" + m.instrument.symbol() + "\",\"t\":" + t.id() + ",\"p\":\""
                + Text.fixed(t.price(), pd) + "\",\"q\":\"" + Text.fixed(t.qty(), qd) + "\",\"T\":" + t.timeMs() + ",\"m\":" + !t.buy()
                + ",\"M\":true}";
    }

    @Override
    public void onTick(long now) {
        tickConnectionFaults(now);
        for (Map.Entry<String, Subscribers> e : bySymbol.entrySet()) {
            publish(e.getKey(), e.getValue().fast, now, false);
            publish(e.getKey(), e.getValue().slow, now, false);
        }
        for (WsSession ws : sessions.of(Exchange.BINANCE)) {
            if (now - ws.lastPongMs > PONG_TIMEOUT_MS + PING_EVERY_MS && !ws.closing()) {
                faults.record(Exchange.BINANCE, null, FaultKind.CLOSE, ws + " closed: no pong for " + (now - ws.lastPongMs) + " ms");
                ws.close(1008, "Pong timeout");
            } else if (now - ws.lastPingMs >= PING_EVERY_MS) {
                ws.lastPingMs = now;
                ws.sendFrame(new PingWebSocketFrame(Unpooled.copiedBuffer(Long.toString(now), StandardCharsets.US_ASCII)));
            }
        }
    }

    @Override
    public void flush(long now) {
        for (Map.Entry<String, Subscribers> e : bySymbol.entrySet()) {
            publish(e.getKey(), e.getValue().fast, now, true);
            publish(e.getKey(), e.getValue().slow, now, true);
        }
    }

    /** Sends a speed's gathered changes as one event when its time slot has passed. */
    private void publish(String symbol, DepthSlot d, long now, boolean force) {
        long slot = now / d.periodMs;
        if (!force && slot == d.slot) {
            return;
        }
        d.slot = slot;
        if (d.changes.isEmpty() || d.sessions.isEmpty()) {
            return;
        }
        SymbolMarket m = hub.market(Exchange.BINANCE, symbol);
        String event = depthEvent(m, d.firstId, d.lastId, d.changes, now);
        long first = d.firstId;
        long last = d.lastId;
        d.changes.clear();
        d.firstId = -1;
        String ids = "U=" + first + " u=" + last;
        if (faults.take(FaultKind.DROP, Exchange.BINANCE, symbol, d.suffix + " event " + ids + " dropped") != null) {
            return;
        }
        if (d.held == null && faults.take(FaultKind.REORDER, Exchange.BINANCE, symbol, d.suffix + " event " + ids
                + " held back behind the next") != null) {
            d.held = event;
            return;
        }
        boolean twice = faults.take(FaultKind.DUPLICATE, Exchange.BINANCE, symbol, d.suffix + " event " + ids + " sent twice") != null;
        String stream = symbol.toLowerCase(Locale.ROOT) + d.suffix;
        send(d, stream, event);
        if (twice) {
            send(d, stream, event);
        }
        if (d.held != null) {
            send(d, stream, d.held);
            d.held = null;
        }
    }

    private static void send(DepthSlot d, String stream, String event) {
        String wrapped = null;
        for (Session s : d.sessions) {
            if (s.combined) {
                if (wrapped == null) {
                    wrapped = combined(stream, event);
                }
                s.send(wrapped);
            } else {
                s.send(event);
            }
        }
    }

    /**
     * One depthUpdate (raw stream form) of the changes gathered for update ids {@code firstId..lastId}: each
     * price once, with the last quantity the changes gave it, in first-change order.
     */
    public static String depthEvent(SymbolMarket m, long firstId, long lastId, List<Change> changes, long now) {
        int pd = m.instrument.priceDecimals();
        int qd = m.instrument.qtyDecimals();
        List<Change> latest = new ArrayList<>(changes.size());
        Set<Long> seenBid = new HashSet<>();
        Set<Long> seenAsk = new HashSet<>();
        for (int i = changes.size() - 1; i >= 0; i--) {
            Change c = changes.get(i);
            if ((c.bid() ? seenBid : seenAsk).add(c.price())) {
                latest.add(c);
            }
        }
        StringBuilder sb = new StringBuilder(128 + latest.size() * 40);
        sb.append("{\"e\":\"depthUpdate\",\"E\":").append(now).append(",\"s\":\"").append(m.instrument.symbol()).append("\",\"U\":")
                .append(firstId).append(",\"u\":").append(lastId).append(",\"b\":[");
        levels(sb, latest, true, pd, qd);
        sb.append("],\"a\":[");
        levels(sb, latest, false, pd, qd);
        return sb.append("]}").toString();
    }

    private static void levels(StringBuilder sb, List<Change> latest, boolean bid, int pd, int qd) {
        boolean first = true;
        for (int i = latest.size() - 1; i >= 0; i--) {
            Change c = latest.get(i);
            if (c.bid() != bid) {
                continue;
            }
            sb.append(first ? "[\"" : ",[\"");
            Text.fixed(c.price(), pd, sb);
            sb.append("\",\"");
            Text.fixed(c.qty(), qd, sb);
            sb.append("\"]");
            first = false;
        }
    }

    @Override
    protected boolean carries(WsSession s, String symbol) {
        String prefix = symbol.toLowerCase(Locale.ROOT) + "@";
        return ((Session) s).streams.stream().anyMatch(st -> st.startsWith(prefix));
    }

    @Override
    protected String malformedFrame() {
        return "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":";
    }

    @Override
    protected void sendInfo(WsSession s, long code) {
        long now = hub.now();
        s.send(((Session) s).combined ? "{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":" + now + "}}"
                : "{\"e\":\"serverShutdown\",\"E\":" + now + "}");
    }

    @Override
    public RestAnswer rest(String pathAndQuery) {
        return rest.answer(pathAndQuery);
    }
}
