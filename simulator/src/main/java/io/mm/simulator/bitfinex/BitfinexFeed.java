package io.mm.simulator.bitfinex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.simulator.fault.FaultController;
import io.mm.simulator.fault.FaultKind;
import io.mm.simulator.market.BookView;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * Bitfinex WS v2 at {@code /ws/2}: the {@code info} event on connect, {@code conf} flags (checksum, sequence
 * numbers, timestamps), {@code book} (P0, len 1/25/100/250) and {@code trades} channels, 25 channels per
 * connection, {@code hb} on idle channels every 15 s, {@code ping}/{@code pong}. Book changes go out one level
 * per message, levels leaving the view as deletes (count 0), followed by a {@code cs} frame: the signed CRC32
 * of the top 25 levels interleaved, numbers as JavaScript writes them. SEQ counts every channel message of the
 * connection.
 */
public final class BitfinexFeed extends FeedSupport {
    public static final long FLAG_TIMESTAMP = 32768;
    public static final long FLAG_SEQ_ALL = 65536;
    public static final long FLAG_CHECKSUM = 131072;
    static final int MAX_CHANNELS = 25;
    static final long HB_EVERY_MS = 15_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BitfinexRest rest;
    private final long grantedMask;
    private final Map<String, Map<Integer, Book>> books = new HashMap<>();
    private final Map<String, List<Sub>> trades = new HashMap<>();
    private long chanIds = 10_000;

    static final class Session extends WsSession {
        long flags;
        long seq;
        final Map<Long, Sub> channels = new LinkedHashMap<>();

        Session(Sessions sessions, Channel ch, String path, long now) {
            super(sessions, ch, Exchange.BITFINEX, path, now);
        }
    }

    /** One subscribed channel of one session. */
    static final class Sub {
        final Session session;
        final long chanId;
        final String symbol;
        final boolean book;
        final int len;
        long lastSentMs;
        /** A trade's frames held back by {@code trade-reorder}, sent after the next trade's. */
        final List<String> heldTrade = new ArrayList<>(2);

        Sub(Session session, long chanId, String symbol, boolean book, int len, long now) {
            this.session = session;
            this.chanId = chanId;
            this.symbol = symbol;
            this.book = book;
            this.len = len;
            this.lastSentMs = now;
        }
    }

    /** One symbol at one length: its view and its listeners; collects a step's level messages. */
    private static final class Book implements BookView.Sink {
        final BookView view;
        final List<Sub> subs = new ArrayList<>();
        final List<String> levels = new ArrayList<>();
        final int pd;
        final int qd;

        Book(BookView view, int pd, int qd) {
            this.view = view;
            this.pd = pd;
            this.qd = qd;
        }

        @Override
        public void level(boolean bid, long price, long qty, int count) {
            levels.add(BitfinexFeed.level(bid, price, qty, count, pd, qd));
        }

        @Override
        public void pushedOut(boolean bid, long price) {
            levels.add(BitfinexFeed.level(bid, price, 0, 0, pd, qd));
        }
    }

    /** @param grantedMask the conf flags this server grants at most (-1: whatever is asked) */
    public BitfinexFeed(MarketHub hub, Sessions sessions, FaultController faults, long sessionLimitMs, long grantedMask) {
        super(Exchange.BITFINEX, hub, sessions, faults, sessionLimitMs);
        this.rest = new BitfinexRest(hub);
        this.grantedMask = grantedMask;
    }

    /** {@code [PRICE,COUNT,AMOUNT]}; a delete has count 0 and amount 1 (bids) or -1 (asks). */
    static String level(boolean bid, long price, long qty, int count, int pd, int qd) {
        StringBuilder sb = new StringBuilder(40).append('[');
        Text.js(price, pd, sb);
        sb.append(',').append(count).append(',');
        if (count == 0) {
            sb.append(bid ? "1" : "-1");
        } else {
            Text.js(bid ? qty : -qty, qd, sb);
        }
        return sb.append(']').toString();
    }

    @Override
    public boolean isWebSocket(String path) {
        return path.equals("/ws/2");
    }

    @Override
    public WsSession open(Channel channel, String pathAndQuery) {
        Session s = new Session(sessions, channel, pathAndQuery, hub.now());
        s.send("{\"event\":\"info\",\"version\":2,\"serverId\":\"" + UUID.nameUUIDFromBytes(("sim" + s.id).getBytes(StandardCharsets.UTF_8))
                + "\",\"platform\":{\"status\":1}}");
        return s;
    }

    @Override
    public void onClosed(WsSession session) {
        Session s = (Session) session;
        for (Sub sub : s.channels.values()) {
            unlink(sub);
        }
    }

    private void unlink(Sub sub) {
        if (sub.book) {
            Book b = books.getOrDefault(sub.symbol, Map.of()).get(sub.len);
            if (b != null) {
                b.subs.remove(sub);
            }
        } else {
            trades.getOrDefault(sub.symbol, new ArrayList<>()).remove(sub);
        }
    }

    private SymbolMarket market(String symbol) {
        if (symbol == null) {
            return null;
        }
        SymbolMarket m = hub.market(Exchange.BITFINEX, symbol);
        return m != null ? m : hub.market(Exchange.BITFINEX, "t" + symbol);
    }

    @Override
    public void onText(WsSession session, String text) {
        Session s = (Session) session;
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (Exception e) {
            s.send("{\"event\":\"error\",\"msg\":\"invalid json\",\"code\":10000}");
            return;
        }
        String event = n.path("event").asText("");
        switch (event) {
            case "ping" -> s.send("{\"event\":\"pong\",\"ts\":" + hub.now() + (n.has("cid") ? ",\"cid\":" + n.get("cid") : "") + "}");
            case "conf" -> {
                s.flags = n.path("flags").asLong(0) & grantedMask;
                s.send("{\"event\":\"conf\",\"status\":\"OK\",\"flags\":" + s.flags + "}");
            }
            case "subscribe" -> subscribe(s, n);
            case "unsubscribe" -> {
                long id = n.path("chanId").asLong(-1);
                Sub sub = s.channels.remove(id);
                if (sub == null) {
                    s.send("{\"event\":\"error\",\"msg\":\"unsubscribe: invalid\",\"code\":10400,\"chanId\":" + id + "}");
                } else {
                    unlink(sub);
                    s.send("{\"event\":\"unsubscribed\",\"status\":\"OK\",\"chanId\":" + id + "}");
                }
            }
            default -> s.send("{\"event\":\"error\",\"msg\":\"unknown event\",\"code\":10000}");
        }
    }

    private void subscribe(Session s, JsonNode n) {
        String channel = n.path("channel").asText("");
        String symbolText = n.has("symbol") ? n.get("symbol").asText() : n.path("pair").asText(null);
        String subId = n.has("subId") ? ",\"subId\":" + n.get("subId") : "";
        String echo = ",\"channel\":" + jsonString(channel) + (symbolText == null ? "" : ",\"symbol\":" + jsonString(symbolText)) + subId;
        if (!channel.equals("book") && !channel.equals("trades")) {
            s.send("{\"event\":\"error\",\"msg\":\"subscribe: invalid channel\",\"code\":10300" + echo + "}");
            return;
        }
        SymbolMarket m = market(symbolText);
        if (m == null) {
            s.send("{\"event\":\"error\",\"msg\":\"symbol: invalid\",\"code\":10001" + echo + "}");
            return;
        }
        String symbol = m.instrument.symbol();
        boolean book = channel.equals("book");
        String prec = n.path("prec").asText("P0");
        String freq = n.path("freq").asText("F0");
        int len = n.has("len") ? n.get("len").asInt(-1) : 25;
        if (book && (!prec.equals("P0") || (len != 1 && len != 25 && len != 100 && len != 250))) {
            s.send("{\"event\":\"error\",\"msg\":\"subscribe: " + (prec.equals("P0") ? "len" : "prec") + " invalid\",\"code\":10300" + echo + "}");
            return;
        }
        for (Sub sub : s.channels.values()) {
            if (sub.book == book && sub.symbol.equals(symbol)) {
                s.send("{\"event\":\"error\",\"msg\":\"subscribe: dup\",\"code\":10301" + echo + "}");
                return;
            }
        }
        if (s.channels.size() >= MAX_CHANNELS) {
            s.send("{\"event\":\"error\",\"msg\":\"subscribe: limit\",\"code\":10305" + echo + "}");
            return;
        }
        long chanId = ++chanIds;
        Sub sub = new Sub(s, chanId, symbol, book, len, hub.now());
        s.channels.put(chanId, sub);
        String pair = m.instrument.compact();
        if (book) {
            s.send("{\"event\":\"subscribed\",\"channel\":\"book\",\"chanId\":" + chanId + ",\"symbol\":\"" + symbol + "\",\"prec\":\"" + prec
                    + "\",\"freq\":\"" + freq + "\",\"len\":\"" + len + "\"" + subId + ",\"pair\":\"" + pair + "\"}");
            Book b = books.computeIfAbsent(symbol, k -> new HashMap<>()).computeIfAbsent(len, l -> new Book(new BookView(m, l),
                    m.instrument.priceDecimals(), m.instrument.qtyDecimals()));
            b.subs.add(sub);
            StringBuilder snap = new StringBuilder(64 + len * 60).append('[');
            int[] k = {0};
            b.view.top(true, len, (p, q, c) -> snap.append(k[0]++ == 0 ? "" : ",").append(level(true, p, q, c, b.pd, b.qd)));
            b.view.top(false, len, (p, q, c) -> snap.append(k[0]++ == 0 ? "" : ",").append(level(false, p, q, c, b.pd, b.qd)));
            channelMessage(sub, snap.append(']').toString());
            if ((s.flags & FLAG_CHECKSUM) != 0) {
                channelMessage(sub, "\"cs\"," + checksum(b));
            }
        } else {
            s.send("{\"event\":\"subscribed\",\"channel\":\"trades\",\"chanId\":" + chanId + ",\"symbol\":\"" + symbol + "\"" + subId
                    + ",\"pair\":\"" + pair + "\"}");
            trades.computeIfAbsent(symbol, k -> new ArrayList<>()).add(sub);
            TradeLog log = m.trades();
            StringBuilder snap = new StringBuilder(2048).append('[');
            for (int i = log.size() - 1, k = 0; i >= 0 && k < 30; i--, k++) { // newest first
                snap.append(k == 0 ? "" : ",").append(trade(m, log.get(i)));
            }
            channelMessage(sub, snap.append(']').toString());
        }
    }

    /** {@code [chanId,<body>(,SEQ)(,MTS)]}, as the session's conf flags ask. */
    private String frame(Sub sub, String body) {
        Session s = sub.session;
        StringBuilder sb = new StringBuilder(body.length() + 40).append('[').append(sub.chanId).append(',').append(body);
        if ((s.flags & FLAG_SEQ_ALL) != 0) {
            sb.append(',').append(++s.seq);
        }
        if ((s.flags & FLAG_TIMESTAMP) != 0) {
            sb.append(',').append(hub.now());
        }
        return sb.append(']').toString();
    }

    private void channelMessage(Sub sub, String body) {
        sub.lastSentMs = hub.now();
        sub.session.send(frame(sub, body));
    }

    static String trade(SymbolMarket m, Trade t) {
        StringBuilder sb = new StringBuilder(64).append('[').append(t.id()).append(',').append(t.timeMs()).append(',');
        Text.js(t.buy() ? t.qty() : -t.qty(), m.instrument.qtyDecimals(), sb);
        sb.append(',');
        Text.js(t.price(), m.instrument.priceDecimals(), sb);
        return sb.append(']').toString();
    }

    private byte[] csBytes = new byte[1200];
    private final StringBuilder levelText = new StringBuilder(48);
    private final CRC32 crc = new CRC32();

    /**
     * Signed CRC32 over the top 25 bids and asks interleaved ({@code price:amount}, asks negative). Market
     * thread only: the buffer is reused, and each level's {@code price:amount} text is rendered once and kept in
     * the view until the level changes, since one checksum per book change is the simulator's hot path.
     */
    int checksum(BookView view, int pd, int qd) {
        int nb = Math.min(25, view.size(true));
        int na = Math.min(25, view.size(false));
        int len = 0;
        for (int i = 0; i < 25; i++) {
            if (i < nb) {
                len = appendLevel(view, true, i, pd, qd, len);
            }
            if (i < na) {
                len = appendLevel(view, false, i, pd, qd, len);
            }
        }
        crc.reset();
        crc.update(csBytes, 0, len);
        return (int) crc.getValue();
    }

    private int appendLevel(BookView view, boolean bid, int i, int pd, int qd, int len) {
        if (csBytes.length < len + 1 + 128) {
            csBytes = Arrays.copyOf(csBytes, (len + 1 + 128) * 2);
        }
        if (len > 0) {
            csBytes[len++] = ':';
        }
        if (view.cachedTextLength(bid, i) > 0) {
            return len + view.copyCachedText(bid, i, csBytes, len);
        }
        StringBuilder sb = levelText;
        sb.setLength(0);
        Text.js(view.price(bid, i), pd, sb);
        sb.append(':');
        Text.js(bid ? view.qty(bid, i) : -view.qty(bid, i), qd, sb);
        int n = sb.length();
        if (csBytes.length < len + n) {
            csBytes = Arrays.copyOf(csBytes, (len + n) * 2);
        }
        for (int k = 0; k < n; k++) {
            csBytes[len + k] = (byte) sb.charAt(k); // ASCII: a number's text and the colon
        }
        view.cacheText(bid, i, csBytes, len, n);
        return len + n;
    }

    private int checksum(Book b) {
        return checksum(b.view, b.pd, b.qd);
    }

    @Override
    public void onStep(SymbolMarket market, Step step) {
        String symbol = market.instrument.symbol();
        Map<Integer, Book> byLen = books.get(symbol);
        if (byLen != null) {
            for (Book b : byLen.values()) {
                if (!b.subs.isEmpty()) {
                    b.view.apply(market, step.changes, b);
                    if (!b.levels.isEmpty()) {
                        publish(symbol, b);
                    }
                    b.levels.clear();
                }
            }
            byLen.values().removeIf(b -> b.subs.isEmpty());
        }
        if (step.trade != null) {
            List<Sub> subs = trades.get(symbol);
            if (subs != null && !subs.isEmpty()) {
                publishTrade(symbol, trade(market, step.trade), subs);
            }
        }
    }

    /**
     * A trade's {@code te} and {@code tu} messages, with this trade's faults applied alike to every listener: lost
     * (both messages: their SEQs are spent), {@code te} sent twice (the same SEQ), or both held back until the next
     * trade's are sent (a late trade with a lower id than the one before it).
     */
    private void publishTrade(String symbol, String t, List<Sub> subs) {
        String note = "trade " + t;
        boolean drop = faults.take(FaultKind.TRADE_DROP, Exchange.BITFINEX, symbol, note + ": te and tu dropped") != null;
        boolean twice = !drop && faults.take(FaultKind.TRADE_DUPLICATE, Exchange.BITFINEX, symbol, note + ": te sent twice") != null;
        boolean hold = !drop && !twice && faults.take(FaultKind.TRADE_REORDER, Exchange.BITFINEX, symbol,
                note + ": te and tu sent after the next trade's") != null;
        for (Sub sub : subs) {
            String te = frame(sub, "\"te\"," + t);
            String tu = frame(sub, "\"tu\"," + t);
            sub.lastSentMs = hub.now();
            if (hold) {
                sub.heldTrade.add(te);
                sub.heldTrade.add(tu);
                continue;
            }
            if (!drop) {
                sub.session.send(te);
                if (twice) {
                    sub.session.send(te);
                }
                sub.session.send(tu);
            }
            for (String held : sub.heldTrade) {
                sub.session.send(held);
            }
            sub.heldTrade.clear();
        }
    }

    /** A step's level messages and the cs frame, to every listener, with this step's faults applied alike. */
    private void publish(String symbol, Book b) {
        int cs = checksum(b);
        String note = "len " + b.view.depth + " update of " + b.levels.size() + " level(s)";
        boolean drop = faults.take(FaultKind.DROP, Exchange.BITFINEX, symbol, note + ": first level message dropped") != null;
        boolean twice = !drop && faults.take(FaultKind.DUPLICATE, Exchange.BITFINEX, symbol, note + ": first level message sent twice") != null;
        boolean swap = !drop && !twice && faults.take(FaultKind.REORDER, Exchange.BITFINEX, symbol,
                note + ": first message swapped with the next") != null;
        int sentCs = cs;
        if (faults.take(FaultKind.CORRUPT_CHECKSUM, Exchange.BITFINEX, symbol, note + ": cs " + cs + " sent as " + (cs ^ 0x5A5A5A5A)) != null) {
            sentCs = cs ^ 0x5A5A5A5A;
        }
        for (Sub sub : b.subs) {
            List<String> frames = new ArrayList<>(b.levels.size() + 1);
            for (String l : b.levels) {
                frames.add(frame(sub, l));
            }
            if ((sub.session.flags & FLAG_CHECKSUM) != 0) {
                frames.add(frame(sub, "\"cs\"," + sentCs));
            }
            if (drop) {
                frames.remove(0); // its SEQ was spent: the client sees the hole
            } else if (twice) {
                frames.add(1, frames.get(0));
            } else if (swap && frames.size() > 1) {
                frames.add(1, frames.remove(0));
            }
            sub.lastSentMs = hub.now();
            frames.forEach(sub.session::send);
        }
    }

    @Override
    public void onTick(long now) {
        tickConnectionFaults(now);
        for (WsSession ws : sessions.of(Exchange.BITFINEX)) {
            Session s = (Session) ws;
            for (Sub sub : s.channels.values()) {
                if (now - sub.lastSentMs >= HB_EVERY_MS) {
                    channelMessage(sub, "\"hb\"");
                }
            }
        }
    }

    @Override
    protected boolean carries(WsSession s, String symbol) {
        return ((Session) s).channels.values().stream().anyMatch(c -> c.symbol.equals(symbol));
    }

    @Override
    protected String malformedFrame() {
        return "[10001,[60000,1,";
    }

    @Override
    protected void sendInfo(WsSession s, long code) {
        String msg = switch ((int) code) {
            case 20051 -> "Stopping. Please try to reconnect";
            case 20060 -> "Entering in Maintenance mode. Please pause any activity and resume after receiving the info message 20061";
            case 20061 -> "Maintenance ended. You can resume normal activity. It is advised to unsubscribe/subscribe again all channels.";
            default -> "info";
        };
        s.send("{\"event\":\"info\",\"code\":" + code + ",\"msg\":\"" + msg + "\"}");
    }

    @Override
    public RestAnswer rest(String pathAndQuery) {
        return rest.answer(pathAndQuery);
    }
}
