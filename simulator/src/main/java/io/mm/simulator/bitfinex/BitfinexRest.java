package io.mm.simulator.bitfinex;

import io.mm.core.Exchange;
import io.mm.simulator.market.Candles;
import io.mm.simulator.market.MarketHub;
import io.mm.simulator.market.SymbolMarket;
import io.mm.simulator.market.Text;
import io.mm.simulator.market.TradeLog;
import io.mm.simulator.server.RestAnswer;
import io.mm.simulator.server.RestErrors;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bitfinex's public REST v2: {@code /v2/book/<symbol>/P0?len=}, {@code /v2/candles/trade:<tf>:<symbol>/hist}
 * (and {@code /last}; rows {@code [MTS, OPEN, CLOSE, HIGH, LOW, VOLUME]}, only intervals with trades),
 * {@code /v2/trades/<symbol>/hist} and {@code /v2/conf/pub:list:pair:exchange}. Lists are newest first unless
 * {@code sort=1}; {@code start}/{@code end} are inclusive milliseconds. Market thread only.
 */
final class BitfinexRest {
    static final int MAX_LIMIT = 10_000;
    private final MarketHub hub;

    BitfinexRest(MarketHub hub) {
        this.hub = hub;
    }

    RestAnswer answer(String pathAndQuery) {
        QueryStringDecoder q = new QueryStringDecoder(pathAndQuery);
        Map<String, List<String>> p = q.parameters();
        String[] parts = q.path().split("/");
        try {
            if (q.path().equals("/v2/conf/pub:list:pair:exchange")) {
                StringBuilder sb = new StringBuilder("[[");
                int i = 0;
                for (SymbolMarket m : hub.markets(Exchange.BITFINEX)) {
                    sb.append(i++ == 0 ? "\"" : ",\"").append(m.instrument.compact()).append('"');
                }
                return RestAnswer.ok(sb.append("]]").toString());
            }
            if (q.path().equals("/v2/platform/status")) {
                return RestAnswer.ok("[1]");
            }
            if (parts.length == 5 && parts[2].equals("book")) {
                return book(parts[3], parts[4], p);
            }
            if (parts.length == 5 && parts[2].equals("candles")) {
                return candles(parts[3], parts[4], p);
            }
            if (parts.length == 5 && parts[2].equals("trades") && parts[4].equals("hist")) {
                return trades(parts[3], p);
            }
            return RestErrors.unknownPath(Exchange.BITFINEX, q.path());
        } catch (IllegalArgumentException e) {
            return RestErrors.badParam(Exchange.BITFINEX, e.getMessage());
        }
    }

    private static long longParam(Map<String, List<String>> p, String name, long def) {
        List<String> v = p.get(name);
        if (v == null || v.isEmpty()) {
            return def;
        }
        try {
            return Long.parseLong(v.get(0));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": invalid");
        }
    }

    private SymbolMarket market(String symbol) {
        SymbolMarket m = hub.market(Exchange.BITFINEX, symbol);
        return m != null ? m : hub.market(Exchange.BITFINEX, "t" + symbol);
    }

    private RestAnswer book(String symbol, String prec, Map<String, List<String>> p) {
        SymbolMarket m = market(symbol);
        if (m == null) {
            return RestErrors.notFound(Exchange.BITFINEX, symbol);
        }
        if (!prec.equals("P0")) {
            return RestErrors.badParam(Exchange.BITFINEX, "prec: invalid");
        }
        long len = longParam(p, "len", 25);
        if (len != 1 && len != 25 && len != 100) {
            return RestErrors.badParam(Exchange.BITFINEX, "len: invalid");
        }
        int pd = m.instrument.priceDecimals();
        int qd = m.instrument.qtyDecimals();
        StringBuilder sb = new StringBuilder(64 + (int) len * 80).append('[');
        int k = 0;
        for (long[] l : m.levels(true, (int) len)) {
            sb.append(k++ == 0 ? "" : ",").append(BitfinexFeed.level(true, l[0], l[1], (int) l[2], pd, qd));
        }
        for (long[] l : m.levels(false, (int) len)) {
            sb.append(k++ == 0 ? "" : ",").append(BitfinexFeed.level(false, l[0], l[1], (int) l[2], pd, qd));
        }
        return RestAnswer.ok(sb.append(']').toString());
    }

    static long timeframeMs(String tf) {
        return switch (tf) {
            case "1m" -> 60_000L;
            case "5m" -> 300_000L;
            case "15m" -> 900_000L;
            case "30m" -> 1_800_000L;
            case "1h" -> 3_600_000L;
            case "3h" -> 10_800_000L;
            case "6h" -> 21_600_000L;
            case "12h" -> 43_200_000L;
            case "1D" -> 86_400_000L;
            case "1W" -> 604_800_000L;
            case "14D" -> 1_209_600_000L;
            default -> throw new IllegalArgumentException("time frame: invalid");
        };
    }

    /** {@code trade:1m:tBTCUSD} + {@code hist|last}. */
    private RestAnswer candles(String key, String section, Map<String, List<String>> p) {
        String[] k = key.split(":");
        if (k.length != 3 || !k[0].equals("trade") || !(section.equals("hist") || section.equals("last"))) {
            return RestErrors.badParam(Exchange.BITFINEX, "key: invalid");
        }
        long iv = timeframeMs(k[1]);
        SymbolMarket m = market(k[2]);
        if (m == null) {
            return RestErrors.notFound(Exchange.BITFINEX, k[2]);
        }
        long now = hub.now();
        long limit = longParam(p, "limit", 100);
        if (limit < 1 || limit > MAX_LIMIT) {
            return RestErrors.badParam(Exchange.BITFINEX, "limit: invalid");
        }
        long start = longParam(p, "start", 0);
        long end = Math.min(now, longParam(p, "end", now));
        boolean ascending = longParam(p, "sort", -1) == 1;
        List<Candles.Candle> all = new ArrayList<>(Candles.build(m.trades(), m.instrument.priceDecimals(), m.instrument.qtyDecimals(), iv, start,
                end, false));
        if (section.equals("last")) {
            if (all.isEmpty()) {
                return RestAnswer.ok("[]");
            }
            return RestAnswer.ok(candle(m, all.get(all.size() - 1)));
        }
        List<Candles.Candle> page = ascending ? all.subList(0, (int) Math.min(limit, all.size()))
                : all.subList((int) Math.max(0, all.size() - limit), all.size());
        StringBuilder sb = new StringBuilder(64 + page.size() * 80).append('[');
        for (int i = 0; i < page.size(); i++) {
            Candles.Candle c = page.get(ascending ? i : page.size() - 1 - i);
            sb.append(i == 0 ? "" : ",").append(candle(m, c));
        }
        return RestAnswer.ok(sb.append(']').toString());
    }

    private static String candle(SymbolMarket m, Candles.Candle c) {
        int pd = m.instrument.priceDecimals();
        return "[" + c.open() + "," + Text.js(c.openPrice(), pd) + "," + Text.js(c.close(), pd) + "," + Text.js(c.high(), pd) + ","
                + Text.js(c.low(), pd) + "," + Text.js(c.volume(), m.instrument.qtyDecimals()) + "]";
    }

    private RestAnswer trades(String symbol, Map<String, List<String>> p) {
        SymbolMarket m = market(symbol);
        if (m == null) {
            return RestErrors.notFound(Exchange.BITFINEX, symbol);
        }
        long limit = longParam(p, "limit", 125);
        if (limit < 1 || limit > MAX_LIMIT) {
            return RestErrors.badParam(Exchange.BITFINEX, "limit: invalid");
        }
        long start = longParam(p, "start", 0);
        long end = longParam(p, "end", Long.MAX_VALUE);
        boolean ascending = longParam(p, "sort", -1) == 1;
        TradeLog log = m.trades();
        int lo = log.firstAtOrAfter(start);
        int hi = end == Long.MAX_VALUE ? log.size() : log.firstAtOrAfter(end + 1); // exclusive
        StringBuilder sb = new StringBuilder(64 + (int) Math.min(limit, 2000) * 50).append('[');
        int n = 0;
        if (ascending) {
            for (int i = lo; i < hi && n < limit; i++, n++) {
                sb.append(n == 0 ? "" : ",").append(BitfinexFeed.trade(m, log.get(i)));
            }
        } else {
            for (int i = hi - 1; i >= lo && n < limit; i--, n++) {
                sb.append(n == 0 ? "" : ",").append(BitfinexFeed.trade(m, log.get(i)));
            }
        }
        return RestAnswer.ok(sb.append(']').toString());
    }
}
