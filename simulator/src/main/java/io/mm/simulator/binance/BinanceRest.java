package io.mm.simulator.binance;

import io.mm.core.Exchange;
import io.mm.simulator.market.Candles;
import io.mm.simulator.market.Instrument;
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
 * Binance's REST market data: {@code /api/v3/depth}, {@code exchangeInfo}, {@code klines}, {@code aggTrades},
 * {@code trades} and {@code historicalTrades}, each with its documented weight counted against the per-minute
 * budget and reported in {@code X-MBX-USED-WEIGHT-1M}. Over budget: 429 with Retry-After; asking again
 * before it passed: 418, the IP ban. Market thread only.
 */
public final class BinanceRest {
    static final String WEIGHT_HEADER = "X-MBX-USED-WEIGHT-1M";

    private final MarketHub hub;
    private final int weightPerMinute;
    private long minute = -1;
    private int used;
    private long retryAfterUntilMs;
    private long bannedUntilMs;

    BinanceRest(MarketHub hub, int weightPerMinute) {
        this.hub = hub;
        this.weightPerMinute = weightPerMinute;
    }

    RestAnswer answer(String pathAndQuery) {
        QueryStringDecoder q = new QueryStringDecoder(pathAndQuery);
        Map<String, List<String>> p = q.parameters();
        long now = hub.now();
        if (now < bannedUntilMs) {
            return RestErrors.tooMany(Exchange.BINANCE, 418, (bannedUntilMs - now + 999) / 1000).withHeader(WEIGHT_HEADER, "" + used);
        }
        if (now < retryAfterUntilMs) {
            bannedUntilMs = now + 120_000; // asked again during Retry-After: the automated ban, 2 minutes first
            return RestErrors.tooMany(Exchange.BINANCE, 418, 120).withHeader(WEIGHT_HEADER, "" + used);
        }
        int weight;
        try {
            weight = weight(q.path(), p);
        } catch (IllegalArgumentException e) {
            return RestErrors.badParam(Exchange.BINANCE, e.getMessage());
        }
        if (weight < 0) {
            return RestErrors.unknownPath(Exchange.BINANCE, q.path());
        }
        long m = now / 60_000;
        if (m != minute) {
            minute = m;
            used = 0;
        }
        if (used + weight > weightPerMinute) {
            long retry = ((m + 1) * 60_000 - now + 999) / 1000;
            retryAfterUntilMs = now + retry * 1000;
            return RestErrors.tooMany(Exchange.BINANCE, 429, retry).withHeader(WEIGHT_HEADER, "" + used);
        }
        used += weight;
        RestAnswer a;
        try {
            a = switch (q.path()) {
                case "/api/v3/depth" -> depth(p);
                case "/api/v3/exchangeInfo" -> exchangeInfo(p);
                case "/api/v3/klines" -> klines(p, now);
                case "/api/v3/aggTrades" -> trades(p, true, false);
                case "/api/v3/trades" -> trades(p, false, false);
                case "/api/v3/historicalTrades" -> trades(p, false, true);
                default -> RestErrors.unknownPath(Exchange.BINANCE, q.path());
            };
        } catch (IllegalArgumentException e) {
            a = RestErrors.badParam(Exchange.BINANCE, e.getMessage());
        }
        return a.withHeader(WEIGHT_HEADER, Integer.toString(used));
    }

    /** The documented request weights; -1 for paths Binance does not have here. */
    static int weight(String path, Map<String, List<String>> p) {
        return switch (path) {
            case "/api/v3/depth" -> {
                int limit = intParam(p, "limit", 100);
                yield limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
            }
            case "/api/v3/exchangeInfo" -> 20;
            case "/api/v3/klines" -> 2;
            case "/api/v3/aggTrades" -> 4;
            case "/api/v3/trades", "/api/v3/historicalTrades" -> 25;
            default -> -1;
        };
    }

    static String param(Map<String, List<String>> p, String name) {
        List<String> v = p.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    static int intParam(Map<String, List<String>> p, String name, int def) {
        String v = param(p, name);
        if (v == null) {
            return def;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Illegal characters found in parameter '" + name + "'; legal range is '^[0-9]{1,20}$'.");
        }
    }

    static long longParam(Map<String, List<String>> p, String name, long def) {
        String v = param(p, name);
        if (v == null) {
            return def;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Illegal characters found in parameter '" + name + "'; legal range is '^[0-9]{1,20}$'.");
        }
    }

    private SymbolMarket market(Map<String, List<String>> p) {
        String s = param(p, "symbol");
        if (s == null) {
            throw new IllegalArgumentException("Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
        }
        return hub.market(Exchange.BINANCE, s);
    }

    private RestAnswer depth(Map<String, List<String>> p) {
        SymbolMarket m = market(p);
        if (m == null) {
            return RestErrors.notFound(Exchange.BINANCE, param(p, "symbol"));
        }
        int limit = Math.max(1, Math.min(5000, intParam(p, "limit", 100)));
        return RestAnswer.ok(depthBody(m, limit));
    }

    /** The {@code GET /api/v3/depth} body of a market now: its best {@code limit} levels a side. */
    public static String depthBody(SymbolMarket m, int limit) {
        int pd = m.instrument.priceDecimals();
        int qd = m.instrument.qtyDecimals();
        StringBuilder sb = new StringBuilder(64 + limit * 80);
        sb.append("{\"lastUpdateId\":").append(m.updateId()).append(",\"bids\":[");
        side(sb, m.levels(true, limit), pd, qd);
        sb.append("],\"asks\":[");
        side(sb, m.levels(false, limit), pd, qd);
        return sb.append("]}").toString();
    }

    private static void side(StringBuilder sb, List<long[]> levels, int pd, int qd) {
        for (int i = 0; i < levels.size(); i++) {
            sb.append(i == 0 ? "[\"" : ",[\"");
            Text.fixed(levels.get(i)[0], pd, sb);
            sb.append("\",\"");
            Text.fixed(levels.get(i)[1], qd, sb);
            sb.append("\"]");
        }
    }

    private RestAnswer exchangeInfo(Map<String, List<String>> p) {
        List<SymbolMarket> chosen = new ArrayList<>();
        String one = param(p, "symbol");
        String many = param(p, "symbols");
        if (one != null || many != null) {
            List<String> names = new ArrayList<>();
            if (one != null) {
                names.add(one);
            } else {
                for (String s : many.replaceAll("[\\[\\]\" ]", "").split(",")) {
                    names.add(s);
                }
            }
            for (String n : names) {
                SymbolMarket m = hub.market(Exchange.BINANCE, n);
                if (m == null) {
                    return RestErrors.notFound(Exchange.BINANCE, n);
                }
                chosen.add(m);
            }
        } else {
            chosen.addAll(hub.markets(Exchange.BINANCE));
        }
        StringBuilder sb = new StringBuilder(256 + chosen.size() * 400);
        sb.append("{\"timezone\":\"UTC\",\"serverTime\":").append(hub.now()).append(",\"rateLimits\":[")
                .append("{\"rateLimitType\":\"REQUEST_WEIGHT\",\"interval\":\"MINUTE\",\"intervalNum\":1,\"limit\":").append(weightPerMinute)
                .append("},{\"rateLimitType\":\"ORDERS\",\"interval\":\"SECOND\",\"intervalNum\":10,\"limit\":100},")
                .append("{\"rateLimitType\":\"RAW_REQUESTS\",\"interval\":\"MINUTE\",\"intervalNum\":5,\"limit\":61000}],")
                .append("\"exchangeFilters\":[],\"symbols\":[");
        for (int i = 0; i < chosen.size(); i++) {
            Instrument in = chosen.get(i).instrument;
            sb.append(i == 0 ? "" : ",").append("{\"symbol\":\"").append(in.symbol()).append("\",\"status\":\"TRADING\",\"baseAsset\":\"")
                    .append(in.base()).append("\",\"baseAssetPrecision\":8,\"quoteAsset\":\"").append(in.quote())
                    .append("\",\"quotePrecision\":8,\"quoteAssetPrecision\":8,\"orderTypes\":[\"LIMIT\",\"MARKET\"],")
                    .append("\"isSpotTradingAllowed\":true,\"filters\":[{\"filterType\":\"PRICE_FILTER\",\"minPrice\":\"")
                    .append(Text.fixed(in.tick(), in.priceDecimals())).append("\",\"maxPrice\":\"1000000.00000000\",\"tickSize\":\"")
                    .append(Text.fixed(in.tick(), in.priceDecimals())).append("\"},{\"filterType\":\"LOT_SIZE\",\"minQty\":\"")
                    .append(Text.fixed(1, in.qtyDecimals())).append("\",\"maxQty\":\"9000.00000000\",\"stepSize\":\"")
                    .append(Text.fixed(1, in.qtyDecimals())).append("\"}],\"permissions\":[],\"permissionSets\":[[\"SPOT\"]]}");
        }
        return RestAnswer.ok(sb.append("]}").toString());
    }

    static long intervalMs(String interval) {
        if (interval == null) {
            throw new IllegalArgumentException("Mandatory parameter 'interval' was not sent, was empty/null, or malformed.");
        }
        return switch (interval) {
            case "1s" -> 1_000L;
            case "1m" -> 60_000L;
            case "3m" -> 180_000L;
            case "5m" -> 300_000L;
            case "15m" -> 900_000L;
            case "30m" -> 1_800_000L;
            case "1h" -> 3_600_000L;
            case "2h" -> 7_200_000L;
            case "4h" -> 14_400_000L;
            case "6h" -> 21_600_000L;
            case "8h" -> 28_800_000L;
            case "12h" -> 43_200_000L;
            case "1d" -> 86_400_000L;
            case "3d" -> 259_200_000L;
            case "1w" -> 604_800_000L;
            default -> throw new IllegalArgumentException("Invalid interval.");
        };
    }

    private RestAnswer klines(Map<String, List<String>> p, long now) {
        SymbolMarket m = market(p);
        if (m == null) {
            return RestErrors.notFound(Exchange.BINANCE, param(p, "symbol"));
        }
        long iv = intervalMs(param(p, "interval"));
        int limit = Math.max(1, Math.min(1000, intParam(p, "limit", 500)));
        long start = longParam(p, "startTime", -1);
        long end = Math.min(now, longParam(p, "endTime", now));
        List<Candles.Candle> all;
        if (start >= 0) {
            all = Candles.build(m.trades(), m.instrument.priceDecimals(), m.instrument.qtyDecimals(), iv, start, end, true);
            all = all.subList(0, Math.min(limit, all.size())); // oldest from startTime
        } else {
            long from = (end / iv - limit + 1) * iv;
            all = Candles.build(m.trades(), m.instrument.priceDecimals(), m.instrument.qtyDecimals(), iv, from, end, true);
            all = all.subList(Math.max(0, all.size() - limit), all.size()); // most recent up to endTime
        }
        int pd = m.instrument.priceDecimals();
        int qd = m.instrument.qtyDecimals();
        StringBuilder sb = new StringBuilder(64 + all.size() * 200).append('[');
        for (int i = 0; i < all.size(); i++) {
            Candles.Candle c = all.get(i);
            sb.append(i == 0 ? "[" : ",[").append(c.open()).append(",\"").append(Text.fixed(c.openPrice(), pd)).append("\",\"")
                    .append(Text.fixed(c.high(), pd)).append("\",\"").append(Text.fixed(c.low(), pd)).append("\",\"")
                    .append(Text.fixed(c.close(), pd)).append("\",\"").append(Text.fixed(c.volume(), qd)).append("\",")
                    .append(c.open() + iv - 1).append(",\"").append(c.quoteVolume().setScale(8, java.math.RoundingMode.HALF_EVEN).toPlainString())
                    .append("\",").append(c.count()).append(",\"").append(Text.fixed(c.takerBuyVolume(), qd)).append("\",\"")
                    .append(c.takerBuyQuote().setScale(8, java.math.RoundingMode.HALF_EVEN).toPlainString()).append("\",\"0\"]");
        }
        return RestAnswer.ok(sb.append(']').toString());
    }

    /** aggTrades (one trade per aggregate: the simulator's takers never sweep levels), trades, historicalTrades. */
    private RestAnswer trades(Map<String, List<String>> p, boolean agg, boolean historical) {
        SymbolMarket m = market(p);
        if (m == null) {
            return RestErrors.notFound(Exchange.BINANCE, param(p, "symbol"));
        }
        TradeLog log = m.trades();
        int limit = Math.max(1, Math.min(1000, intParam(p, "limit", 500)));
        long fromId = longParam(p, "fromId", -1);
        long start = agg ? longParam(p, "startTime", -1) : -1;
        long end = agg ? longParam(p, "endTime", Long.MAX_VALUE) : Long.MAX_VALUE;
        int from;
        if (fromId >= 0 && (agg || historical)) {
            from = log.indexOfId(fromId);
        } else if (start >= 0) {
            from = log.firstAtOrAfter(start);
        } else {
            from = Math.max(0, log.size() - limit);
        }
        int pd = m.instrument.priceDecimals();
        int qd = m.instrument.qtyDecimals();
        StringBuilder sb = new StringBuilder(64 + limit * 120).append('[');
        int n = 0;
        for (int i = from; i < log.size() && n < limit && log.time(i) <= end; i++, n++) {
            sb.append(n == 0 ? "" : ",");
            String price = Text.fixed(log.price(i), pd);
            String qty = Text.fixed(log.qty(i), qd);
            if (agg) {
                sb.append("{\"a\":").append(log.id(i)).append(",\"p\":\"").append(price).append("\",\"q\":\"").append(qty)
                        .append("\",\"f\":").append(log.id(i)).append(",\"l\":").append(log.id(i)).append(",\"T\":").append(log.time(i))
                        .append(",\"m\":").append(!log.buy(i)).append(",\"M\":true}");
            } else {
                java.math.BigDecimal quote = java.math.BigDecimal.valueOf(log.price(i), pd).multiply(java.math.BigDecimal.valueOf(log.qty(i), qd))
                        .setScale(8, java.math.RoundingMode.HALF_EVEN);
                sb.append("{\"id\":").append(log.id(i)).append(",\"price\":\"").append(price).append("\",\"qty\":\"").append(qty)
                        .append("\",\"quoteQty\":\"").append(quote.toPlainString()).append("\",\"time\":").append(log.time(i))
                        .append(",\"isBuyerMaker\":").append(!log.buy(i)).append(",\"isBestMatch\":true}");
            }
        }
        return RestAnswer.ok(sb.append(']').toString());
    }
}
