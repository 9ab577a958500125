package io.mm.simulator.kraken;

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
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * Kraken's public REST: {@code /0/public/Depth}, {@code AssetPairs}, {@code OHLC} (the 720 most recent
 * candles plus the open one, whatever {@code since} says) and {@code Trades} (1000 at most, paged by a
 * nanosecond {@code since}). Pairs are named without the slash ({@code BTCUSD}); {@code XBT} is accepted for
 * {@code BTC}. Errors come as HTTP 200 with an {@code error} list, as Kraken does. Market thread only.
 */
final class KrakenRest {
    private final MarketHub hub;

    KrakenRest(MarketHub hub) {
        this.hub = hub;
    }

    RestAnswer answer(String pathAndQuery) {
        QueryStringDecoder q = new QueryStringDecoder(pathAndQuery);
        Map<String, List<String>> p = q.parameters();
        try {
            return switch (q.path()) {
                case "/0/public/Depth" -> depth(p);
                case "/0/public/AssetPairs" -> assetPairs(p);
                case "/0/public/OHLC" -> ohlc(p);
                case "/0/public/Trades" -> trades(p);
                case "/0/public/Time" -> RestAnswer.ok("{\"error\":[],\"result\":{\"unixtime\":" + hub.now() / 1000 + "}}");
                default -> RestErrors.unknownPath(Exchange.KRAKEN, q.path());
            };
        } catch (IllegalArgumentException e) {
            return RestErrors.badParam(Exchange.KRAKEN, e.getMessage());
        }
    }

    private static String param(Map<String, List<String>> p, String name) {
        List<String> v = p.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static long longParam(Map<String, List<String>> p, String name, long def) {
        String v = param(p, name);
        if (v == null) {
            return def;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name);
        }
    }

    /** A market by REST pair name: {@code BTCUSD}, {@code XBTUSD} or {@code BTC/USD}. */
    SymbolMarket market(String pair) {
        if (pair == null) {
            return null;
        }
        String want = pair.replace("/", "").replace("XBT", "BTC");
        for (SymbolMarket m : hub.markets(Exchange.KRAKEN)) {
            if (m.instrument.compact().equals(want)) {
                return m;
            }
        }
        return null;
    }

    private static String unknownPair() {
        return "{\"error\":[\"EQuery:Unknown asset pair\"]}";
    }

    private RestAnswer depth(Map<String, List<String>> p) {
        SymbolMarket m = market(param(p, "pair"));
        if (m == null) {
            return RestAnswer.ok(unknownPair());
        }
        long count = longParam(p, "count", 100);
        int n = (int) Math.max(1, Math.min(500, count));
        long ts = hub.now() / 1000;
        StringBuilder sb = new StringBuilder(128 + n * 120).append("{\"error\":[],\"result\":{\"").append(m.instrument.compact())
                .append("\":{\"asks\":[");
        side(sb, m, m.levels(false, n), ts);
        sb.append("],\"bids\":[");
        side(sb, m, m.levels(true, n), ts);
        return RestAnswer.ok(sb.append("]}}}").toString());
    }

    private static void side(StringBuilder sb, SymbolMarket m, List<long[]> levels, long ts) {
        for (int i = 0; i < levels.size(); i++) {
            sb.append(i == 0 ? "[\"" : ",[\"");
            Text.fixed(levels.get(i)[0], m.instrument.priceDecimals(), sb);
            sb.append("\",\"");
            Text.fixed(levels.get(i)[1], m.instrument.qtyDecimals(), sb);
            sb.append("\",").append(ts).append(']');
        }
    }

    private RestAnswer assetPairs(Map<String, List<String>> p) {
        String only = param(p, "pair");
        StringBuilder sb = new StringBuilder("{\"error\":[],\"result\":{");
        int i = 0;
        for (SymbolMarket m : hub.markets(Exchange.KRAKEN)) {
            Instrument in = m.instrument;
            if (only != null && List.of(only.split(",")).stream().map(this::market).noneMatch(x -> x == m)) {
                continue;
            }
            sb.append(i++ == 0 ? "\"" : ",\"").append(in.compact()).append("\":{\"altname\":\"").append(in.compact())
                    .append("\",\"wsname\":\"").append(in.symbol()).append("\",\"aclass_base\":\"currency\",\"base\":\"").append(in.base())
                    .append("\",\"aclass_quote\":\"currency\",\"quote\":\"").append(in.quote()).append("\",\"lot\":\"unit\",")
                    .append("\"cost_decimals\":5,\"pair_decimals\":").append(in.priceDecimals()).append(",\"lot_decimals\":")
                    .append(in.qtyDecimals()).append(",\"lot_multiplier\":1,\"ordermin\":\"").append(Text.js(1, in.qtyDecimals()))
                    .append("\",\"costmin\":\"0.5\",\"tick_size\":\"").append(Text.js(in.tick(), in.priceDecimals()))
                    .append("\",\"status\":\"online\"}");
        }
        if (only != null && i == 0) {
            return RestAnswer.ok(unknownPair());
        }
        return RestAnswer.ok(sb.append("}}").toString());
    }

    private RestAnswer ohlc(Map<String, List<String>> p) {
        SymbolMarket m = market(param(p, "pair"));
        if (m == null) {
            return RestAnswer.ok(unknownPair());
        }
        long minutes = longParam(p, "interval", 1);
        if (!List.of(1L, 5L, 15L, 30L, 60L, 240L, 1440L, 10080L, 21600L).contains(minutes)) {
            return RestAnswer.ok("{\"error\":[\"EGeneral:Invalid arguments\"]}");
        }
        long iv = minutes * 60_000;
        long now = hub.now();
        long since = longParam(p, "since", 0) * 1000;
        // only the 720 most recent committed candles (and the open one) exist, whatever since asks for
        long from = Math.max(since, (now / iv - 720) * iv);
        List<Candles.Candle> all = Candles.build(m.trades(), m.instrument.priceDecimals(), m.instrument.qtyDecimals(), iv, from, now, true);
        int pd = m.instrument.priceDecimals();
        int qd = m.instrument.qtyDecimals();
        StringBuilder sb = new StringBuilder(128 + all.size() * 120).append("{\"error\":[],\"result\":{\"")
                .append(m.instrument.compact()).append("\":[");
        long last = 0;
        for (int i = 0; i < all.size(); i++) {
            Candles.Candle c = all.get(i);
            String vwap = c.volume() == 0 ? "0.0" : c.vwapNumerator().divide(BigDecimal.valueOf(c.volume(), qd), pd + 1, RoundingMode.HALF_EVEN)
                    .toPlainString();
            sb.append(i == 0 ? "[" : ",[").append(c.open() / 1000).append(",\"").append(Text.fixed(c.openPrice(), pd)).append("\",\"")
                    .append(Text.fixed(c.high(), pd)).append("\",\"").append(Text.fixed(c.low(), pd)).append("\",\"")
                    .append(Text.fixed(c.close(), pd)).append("\",\"").append(vwap).append("\",\"").append(Text.fixed(c.volume(), qd))
                    .append("\",").append(c.count()).append(']');
            if (c.open() + iv <= now) {
                last = c.open() / 1000;
            }
        }
        return RestAnswer.ok(sb.append("],\"last\":").append(last).append("}}").toString());
    }

    /**
     * A trade's nanosecond stamp: its millisecond plus its place among that millisecond's trades, so paging by
     * {@code last} never skips nor repeats a trade.
     */
    static long stamp(TradeLog log, int i) {
        long t = log.time(i);
        return t * 1_000_000 + (i - log.firstAtOrAfter(t));
    }

    private RestAnswer trades(Map<String, List<String>> p) {
        SymbolMarket m = market(param(p, "pair"));
        if (m == null) {
            return RestAnswer.ok(unknownPair());
        }
        TradeLog log = m.trades();
        int count = (int) Math.max(1, Math.min(1000, longParam(p, "count", 1000)));
        String sinceText = param(p, "since");
        int from;
        if (sinceText == null) {
            from = Math.max(0, log.size() - count);
        } else {
            // nanoseconds (seconds from older clients); trades strictly after it, by their stamp (see stamp())
            long since = longParam(p, "since", 0);
            long sinceNs = since >= 1_000_000_000_000L ? since : since * 1_000_000_000L;
            long ms = Math.floorDiv(sinceNs, 1_000_000L);
            long sub = Math.floorMod(sinceNs, 1_000_000L);
            int base = log.firstAtOrAfter(ms);
            from = base;
            while (from < log.size() && log.time(from) == ms && from - base <= sub) {
                from++;
            }
        }
        int pd = m.instrument.priceDecimals();
        int qd = m.instrument.qtyDecimals();
        StringBuilder sb = new StringBuilder(128 + count * 100).append("{\"error\":[],\"result\":{\"").append(m.instrument.compact())
                .append("\":[");
        long lastNs = sinceText == null ? 0 : longParam(p, "since", 0);
        int n = 0;
        for (int i = from; i < log.size() && n < count; i++, n++) {
            long t = log.time(i);
            lastNs = stamp(log, i);
            sb.append(n == 0 ? "[\"" : ",[\"").append(Text.fixed(log.price(i), pd)).append("\",\"").append(Text.fixed(log.qty(i), qd))
                    .append("\",").append(t / 1000).append('.').append(String.format("%03d", t % 1000)).append("0000,\"")
                    .append(log.buy(i) ? 'b' : 's').append("\",\"m\",\"\",").append(log.id(i)).append(']');
        }
        return RestAnswer.ok(sb.append("],\"last\":\"").append(lastNs).append("\"}}").toString());
    }
}
