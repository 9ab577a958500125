package io.mm.simulator.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.simulator.fault.FaultController;
import io.mm.simulator.fault.FaultKind;
import io.mm.simulator.market.BookView;
import io.mm.simulator.market.Instrument;
import io.mm.simulator.market.MarketHub;
import io.mm.simulator.market.Step;
import io.mm.simulator.market.SymbolMarket;
import io.mm.simulator.market.Text;
import io.mm.simulator.market.Trade;
import io.mm.simulator.market.TradeLog;
import io.mm.simulator.server.FeedSupport;
import io.mm.simulator.server.RestAnswer;
import io.mm.simulator.server.Sessions;
import io.mm.simulator.server.WsSession;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Kraken WS v2 at {@code /v2}: {@code status} on connect; subscribe/unsubscribe for {@code book} (depth 10,
 * 25, 100, 500, 1000), {@code trade} and {@code instrument}; {@code ping}; a {@code heartbeat} after a second
 * of silence. Each book depth is a {@link BookView}: updates carry the changes inside it and the CRC32
 * checksum of its top ten levels written with the pair's precisions; levels pushed out of the view are not
 * deleted (Kraken's clients truncate), exactly as Kraken's guide describes.
 */
public final class KrakenFeed extends FeedSupport {
    static final Set<Integer> DEPTHS = Set.of(10, 25, 100, 500, 1000);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KrakenRest rest;
    private final Map<String, Map<Integer, Channel>> books = new HashMap<>();
    private final Map<String, List<Session>> trades = new HashMap<>();
    private long connectionIds = 1_000_000_000L;

    static final class Session extends WsSession {
        final Map<String, Integer> books = new HashMap<>();
        final Set<String> trades = new HashSet<>();
        boolean subscribedAny;

        Session(Sessions sessions, io.netty.channel.Channel ch, String path, long now) {
            super(sessions, ch, Exchange.KRAKEN, path, now);
        }
    }

    /** One symbol at one depth: its view, who listens, and an update a reorder fault holds back. */
    private static final class Channel implements BookView.Sink {
        final BookView view;
        final List<Session> sessions = new ArrayList<>();
        final StringBuilder bids = new StringBuilder();
        final StringBuilder asks = new StringBuilder();
        int pd;
        int qd;
        String held;

        Channel(BookView view) {
            this.view = view;
        }

        @Override
        public void level(boolean bid, long price, long qty, int count) {
            StringBuilder sb = bid ? bids : asks;
            sb.append(sb.isEmpty() ? "{\"price\":" : ",{\"price\":");
            Text.fixed(price, pd, sb);
            sb.append(",\"qty\":");
            Text.js(qty, qd, sb);
            sb.append('}');
        }

        @Override
        public void pushedOut(boolean bid, long price) {
            // Kraken sends nothing: the client's truncation to the subscribed depth removes it
        }
    }

    public KrakenFeed(MarketHub hub, Sessions sessions, FaultController faults, long sessionLimitMs) {
        super(Exchange.KRAKEN, hub, sessions, faults, sessionLimitMs);
        this.rest = new KrakenRest(hub);
    }

    @Override
    public boolean isWebSocket(String path) {
        return path.equals("/v2");
    }

    @Override
    public WsSession open(io.netty.channel.Channel channel, String pathAndQuery) {
        Session s = new Session(sessions, channel, pathAndQuery, hub.now());
        s.send("{\"channel\":\"status\",\"type\":\"update\",\"data\":[{\"version\":\"2.0.10\",\"system\":\"online\",\"api_version\":\"v2\","
                + "\"connection_id\":" + (++connectionIds) + "}]}");
        return s;
    }

    @Override
    public void onClosed(WsSession session) {
        Session s = (Session) session;
        s.books.forEach((symbol, depth) -> channel(symbol, depth).sessions.remove(s));
        s.trades.forEach(symbol -> trades.getOrDefault(symbol, new ArrayList<>()).remove(s));
    }

    private Channel channel(String symbol, int depth) {
        return books.computeIfAbsent(symbol, k -> new HashMap<>()).computeIfAbsent(depth, d -> {
            SymbolMarket m = hub.market(Exchange.KRAKEN, symbol);
            Channel c = new Channel(new BookView(m, d));
            c.pd = m.instrument.priceDecimals();
            c.qd = m.instrument.qtyDecimals();
            return c;
        });
    }

    @Override
    public void onText(WsSession session, String text) {
        Session s = (Session) session;
        String timeIn = Text.rfc3339Micros(hub.now());
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (Exception e) {
            s.send("{\"error\":\"Malformed request\",\"success\":false,\"time_in\":\"" + timeIn + "\",\"time_out\":\"" + timeIn + "\"}");
            return;
        }
        String method = n.path("method").asText("");
        String reqId = n.has("req_id") ? ",\"req_id\":" + n.get("req_id").toString() : "";
        String times = ",\"time_in\":\"" + timeIn + "\",\"time_out\":\"" + Text.rfc3339Micros(hub.now()) + "\"";
        switch (method) {
            case "ping" -> s.send("{\"method\":\"pong\"" + reqId + times + "}");
            case "subscribe", "unsubscribe" -> subscription(s, n.path("params"), method.equals("subscribe"), reqId, times);
            default -> s.send("{\"error\":\"Method not found\",\"method\":" + jsonString(method) + ",\"success\":false" + reqId + times + "}");
        }
    }

    private void subscription(Session s, JsonNode params, boolean subscribe, String reqId, String times) {
        String method = subscribe ? "subscribe" : "unsubscribe";
        String channel = params.path("channel").asText("");
        List<String> symbols = new ArrayList<>();
        params.path("symbol").forEach(x -> symbols.add(x.asText()));
        switch (channel) {
            case "instrument" -> {
                if (subscribe) {
                    s.send("{\"method\":\"subscribe\",\"result\":{\"channel\":\"instrument\",\"snapshot\":true},\"success\":true" + reqId
                            + times + "}");
                    s.send(instrumentSnapshot());
                    s.subscribedAny = true;
                } else {
                    s.send("{\"method\":\"unsubscribe\",\"result\":{\"channel\":\"instrument\"},\"success\":true" + reqId + times + "}");
                }
            }
            case "book" -> {
                int depth = params.has("depth") ? params.get("depth").asInt(-1) : 10;
                if (!DEPTHS.contains(depth)) {
                    s.send("{\"error\":\"Invalid depth\",\"method\":\"" + method + "\",\"success\":false" + reqId + times + "}");
                    return;
                }
                boolean snapshot = !params.has("snapshot") || params.get("snapshot").asBoolean(true);
                for (String symbol : symbols) {
                    SymbolMarket m = hub.market(Exchange.KRAKEN, symbol);
                    if (m == null) {
                        s.send("{\"error\":\"Currency pair not supported " + symbol.replace("\"", "") + "\",\"method\":\"" + method
                                + "\",\"success\":false,\"symbol\":" + jsonString(symbol) + reqId + times + "}");
                        continue;
                    }
                    String result = "\"result\":{\"channel\":\"book\",\"depth\":" + depth + (subscribe ? ",\"snapshot\":" + snapshot : "")
                            + ",\"symbol\":" + jsonString(symbol) + "}";
                    if (subscribe) {
                        if (s.books.containsKey(symbol)) {
                            s.send("{\"error\":\"Already subscribed\",\"method\":\"subscribe\",\"success\":false,\"symbol\":" + jsonString(symbol)
                                    + reqId + times + "}");
                            continue;
                        }
                        Channel c = channel(symbol, depth);
                        c.sessions.add(s);
                        s.books.put(symbol, depth);
                        s.subscribedAny = true;
                        s.send("{\"method\":\"subscribe\"," + result + ",\"success\":true" + reqId + times + "}");
                        if (snapshot) {
                            s.send(bookSnapshot(m, c));
                        }
                    } else {
                        Integer had = s.books.remove(symbol);
                        if (had == null) {
                            s.send("{\"error\":\"Subscription Not Found\",\"method\":\"unsubscribe\",\"success\":false,\"symbol\":"
                                    + jsonString(symbol) + reqId + times + "}");
                            continue;
                        }
                        channel(symbol, had).sessions.remove(s);
                        s.send("{\"method\":\"unsubscribe\"," + result + ",\"success\":true" + reqId + times + "}");
                    }
                }
            }
            case "trade" -> {
                boolean snapshot = params.has("snapshot") && params.get("snapshot").asBoolean(false);
                for (String symbol : symbols) {
                    SymbolMarket m = hub.market(Exchange.KRAKEN, symbol);
                    if (m == null) {
                        s.send("{\"error\":\"Currency pair not supported " + symbol.replace("\"", "") + "\",\"method\":\"" + method
                                + "\",\"success\":false,\"symbol\":" + jsonString(symbol) + reqId + times + "}");
                        continue;
                    }
                    List<Session> subs = trades.computeIfAbsent(symbol, k -> new ArrayList<>());
                    if (subscribe) {
                        if (s.trades.add(symbol)) {
                            subs.add(s);
                        }
                        s.subscribedAny = true;
                        s.send("{\"method\":\"subscribe\",\"result\":{\"channel\":\"trade\",\"snapshot\":" + snapshot + ",\"symbol\":"
                                + jsonString(symbol) + "},\"success\":true" + reqId + times + "}");
                        if (snapshot) {
                            s.send(tradeSnapshot(m));
                        }
                    } else {
                        s.trades.remove(symbol);
                        subs.remove(s);
                        s.send("{\"method\":\"unsubscribe\",\"result\":{\"channel\":\"trade\",\"symbol\":" + jsonString(symbol)
                                + "},\"success\":true" + reqId + times + "}");
                    }
                }
            }
            default -> s.send("{\"error\":\"Channel " + channel.replace("\"", "") + " not found\",\"method\":\"" + method
                    + "\",\"success\":false" + reqId + times + "}");
        }
    }

    private String instrumentSnapshot() {
        StringBuilder sb = new StringBuilder("{\"channel\":\"instrument\",\"type\":\"snapshot\",\"data\":{\"assets\":[");
        Set<String> assets = new java.util.LinkedHashSet<>();
        for (SymbolMarket m : hub.markets(Exchange.KRAKEN)) {
            assets.add(m.instrument.base());
            assets.add(m.instrument.quote());
        }
        int i = 0;
        for (String a : assets) {
            sb.append(i++ == 0 ? "" : ",").append("{\"id\":\"").append(a).append("\",\"status\":\"enabled\",\"precision\":10,")
                    .append("\"precision_display\":5,\"borrowable\":false,\"collateral_value\":0.0,\"margin_rate\":0.0}");
        }
        sb.append("],\"pairs\":[");
        i = 0;
        for (SymbolMarket m : hub.markets(Exchange.KRAKEN)) {
            Instrument in = m.instrument;
            sb.append(i++ == 0 ? "" : ",").append("{\"symbol\":\"").append(in.symbol()).append("\",\"base\":\"").append(in.base())
                    .append("\",\"quote\":\"").append(in.quote()).append("\",\"status\":\"online\",\"qty_precision\":")
                    .append(in.qtyDecimals()).append(",\"qty_increment\":1E-").append(in.qtyDecimals())
                    .append(",\"price_precision\":").append(in.priceDecimals()).append(",\"cost_precision\":5,\"marginable\":false,")
                    .append("\"has_index\":true,\"cost_min\":0.5,\"tick_size\":").append(Text.js(in.tick(), in.priceDecimals()))
                    .append(",\"price_increment\":").append(Text.js(in.tick(), in.priceDecimals())).append(",\"qty_min\":")
                    .append(Text.js(1, in.qtyDecimals())).append('}');
        }
        return sb.append("]}}").toString();
    }

    private String bookSnapshot(SymbolMarket m, Channel c) {
        c.bids.setLength(0);
        c.asks.setLength(0);
        c.view.top(true, c.view.depth, (p, q, n) -> c.level(true, p, q, n));
        c.view.top(false, c.view.depth, (p, q, n) -> c.level(false, p, q, n));
        String msg = "{\"channel\":\"book\",\"type\":\"snapshot\",\"data\":[{\"symbol\":\"" + m.instrument.symbol() + "\",\"bids\":["
                + c.bids + "],\"asks\":[" + c.asks + "],\"checksum\":" + checksum(c) + ",\"timestamp\":\""
                + Text.rfc3339Micros(hub.now()) + "\"}]}";
        c.bids.setLength(0);
        c.asks.setLength(0);
        return msg;
    }

    private String tradeSnapshot(SymbolMarket m) {
        TradeLog log = m.trades();
        StringBuilder sb = new StringBuilder("{\"channel\":\"trade\",\"type\":\"snapshot\",\"data\":[");
        int from = Math.max(0, log.size() - 50);
        for (int i = from; i < log.size(); i++) {
            trade(sb.append(i == from ? "" : ","), m, log.get(i));
        }
        return sb.append("]}").toString();
    }

    private static void trade(StringBuilder sb, SymbolMarket m, Trade t) {
        sb.append("{\"symbol\":\"").append(m.instrument.symbol()).append("\",\"side\":\"").append(t.buy() ? "buy" : "sell")
                .append("\",\"price\":");
        Text.fixed(t.price(), m.instrument.priceDecimals(), sb);
        sb.append(",\"qty\":");
        Text.js(t.qty(), m.instrument.qtyDecimals(), sb);
        sb.append(",\"ord_type\":\"market\",\"trade_id\":").append(t.id()).append(",\"timestamp\":\"")
                .append(Text.rfc3339Micros(t.timeMs())).append("\"}");
    }

    private final StringBuilder csText = new StringBuilder(400);
    private byte[] csBytes = new byte[400];
    private final CRC32 crc = new CRC32();
    // a number written with its precision, '.' removed and leading zeros stripped, is its scaled integer
    private final BookView.LevelConsumer csLevel = (p, q, n) -> csText.append(p).append(q);

    /**
     * CRC32 of the top ten asks then bids, numbers written with the pair's precisions, '.' and leading zeros
     * gone. Market thread only: the buffers are reused, one checksum per book update is the hot path.
     */
    private long checksum(Channel c) {
        csText.setLength(0);
        c.view.top(false, 10, csLevel);
        c.view.top(true, 10, csLevel);
        int len = csText.length();
        if (csBytes.length < len) {
            csBytes = new byte[len * 2];
        }
        for (int i = 0; i < len; i++) {
            csBytes[i] = (byte) csText.charAt(i); // digits only
        }
        crc.reset();
        crc.update(csBytes, 0, len);
        return crc.getValue();
    }

    @Override
    public void onStep(SymbolMarket market, Step step) {
        String symbol = market.instrument.symbol();
        Map<Integer, Channel> byDepth = books.get(symbol);
        if (byDepth != null) {
            for (Channel c : byDepth.values()) {
                if (c.sessions.isEmpty()) {
                    continue; // views without listeners are rebuilt from the book on the next subscribe
                }
                c.view.apply(market, step.changes, c);
                if (c.bids.isEmpty() && c.asks.isEmpty()) {
                    continue; // nothing inside this depth changed
                }
                publish(market, c, step.timeMs);
            }
            byDepth.values().removeIf(c -> c.sessions.isEmpty());
        }
        if (step.trade != null) {
            List<Session> subs = trades.get(symbol);
            if (subs != null && !subs.isEmpty()
                    && faults.take(FaultKind.TRADE_DROP, Exchange.KRAKEN, symbol, "trade " + step.trade.id() + " dropped") == null) {
                StringBuilder sb = new StringBuilder(256).append("{\"channel\":\"trade\",\"type\":\"update\",\"data\":[");
                trade(sb, market, step.trade);
                String msg = sb.append("]}").toString();
                subs.forEach(s -> s.send(msg));
            }
        }
    }

    private void publish(SymbolMarket m, Channel c, long timeMs) {
        String symbol = m.instrument.symbol();
        long cs = checksum(c);
        String note = "depth " + c.view.depth + " update with checksum " + cs;
        if (faults.take(FaultKind.CORRUPT_CHECKSUM, Exchange.KRAKEN, symbol, note + " sent as " + (cs ^ 0x5A5A5A5AL)) != null) {
            cs ^= 0x5A5A5A5AL;
        }
        String msg = "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"" + symbol + "\",\"bids\":[" + c.bids
                + "],\"asks\":[" + c.asks + "],\"checksum\":" + cs + ",\"timestamp\":\"" + Text.rfc3339Micros(timeMs) + "\"}]}";
        c.bids.setLength(0);
        c.asks.setLength(0);
        if (faults.take(FaultKind.DROP, Exchange.KRAKEN, symbol, note + " dropped") != null) {
            return;
        }
        if (c.held == null && faults.take(FaultKind.REORDER, Exchange.KRAKEN, symbol, note + " held back behind the next") != null) {
            c.held = msg;
            return;
        }
        boolean twice = faults.take(FaultKind.DUPLICATE, Exchange.KRAKEN, symbol, note + " sent twice") != null;
        for (Session s : c.sessions) {
            s.send(msg);
            if (twice) {
                s.send(msg);
            }
            if (c.held != null) {
                s.send(c.held);
            }
        }
        c.held = null;
    }

    @Override
    public void onTick(long now) {
        tickConnectionFaults(now);
        for (WsSession ws : sessions.of(Exchange.KRAKEN)) {
            Session s = (Session) ws;
            if (s.subscribedAny && now - s.lastSentMs >= 1000) {
                s.send("{\"channel\":\"heartbeat\"}");
            }
        }
    }

    @Override
    protected boolean carries(WsSession s, String symbol) {
        return ((Session) s).books.containsKey(symbol) || ((Session) s).trades.contains(symbol);
    }

    @Override
    protected String malformedFrame() {
        return "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[{\"price\":";
    }

    @Override
    protected void sendInfo(WsSession s, long code) {
        s.send("{\"channel\":\"status\",\"type\":\"update\",\"data\":[{\"version\":\"2.0.10\",\"system\":\""
                + (code == 0 ? "maintenance" : "online") + "\",\"api_version\":\"v2\",\"connection_id\":" + s.id + "}]}");
    }

    @Override
    public RestAnswer rest(String pathAndQuery) {
        return rest.answer(pathAndQuery);
    }
}
