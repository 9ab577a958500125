package io.mm.history.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.core.candle.Candle;
import io.mm.history.HistoryTrade;
import io.mm.core.candle.Interval;
import io.mm.history.fetch.HistoryClient;
import io.mm.history.fetch.HistoryHttp;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Binance Spot REST history: {@code /api/v3/klines} (weight 2, 1000 a page), {@code /api/v3/aggTrades} (weight 4,
 * 1000 a page) and, when asked, {@code /api/v3/historicalTrades} (weight 25, individual trades).
 *
 * <p>aggTrades refuses a start and an end more than an hour apart, so the first page is asked for by a time
 * window (moved on an hour at a time while empty) and the rest by {@code fromId}, which has no such limit.
 */
public final class BinanceHistory implements HistoryClient {
    public static final int PAGE = 1000;
    private static final long HOUR_MS = 3_600_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HistoryHttp http;
    private final LongSupplier clockMs;
    private final boolean historicalTrades;
    private final int page;

    public BinanceHistory(String base, HistoryHttp http, LongSupplier clockMs, boolean historicalTrades) {
        this(base, http, clockMs, historicalTrades, PAGE);
    }

    /** @param page rows asked for per request (1..1000) */
    public BinanceHistory(String base, HistoryHttp http, LongSupplier clockMs, boolean historicalTrades, int page) {
        this.base = base;
        this.http = http;
        this.clockMs = clockMs;
        this.historicalTrades = historicalTrades;
        this.page = page;
    }

    private JsonNode get(String pathAndQuery, int weight) throws IOException {
        String body = http.get(Exchange.BINANCE, base, pathAndQuery, weight);
        JsonNode n = JSON.readTree(body);
        if (!n.isArray()) {
            throw new IOException("binance " + pathAndQuery + ": expected a JSON array, got " + abbreviate(body));
        }
        return n;
    }

    @Override
    public void candles(String symbol, Interval interval, long startMs, long endMs, Consumer<Candle> out) throws IOException {
        String token = interval.requireToken(Exchange.BINANCE);
        long now = clockMs.getAsLong();
        long cursor = interval.floor(startMs) < startMs ? interval.floor(startMs) + interval.millis() : startMs;
        while (cursor < endMs) {
            JsonNode rows = get("/api/v3/klines?symbol=" + symbol + "&interval=" + token + "&startTime=" + cursor + "&endTime=" + (endMs - 1)
                    + "&limit=" + page, 2);
            long last = Long.MIN_VALUE;
            for (JsonNode r : rows) {
                long open = r.get(0).asLong();
                if (open < cursor || open >= endMs) {
                    continue;
                }
                last = open;
                if (r.get(6).asLong() >= now) {
                    return; // the candle still open: it would change
                }
                out.accept(new Candle(open, open + interval.millis() - 1, r.get(1).asText(), r.get(2).asText(), r.get(3).asText(),
                        r.get(4).asText(), r.get(5).asText(), r.get(8).asLong(), Candle.Source.EXCHANGE));
            }
            if (last == Long.MIN_VALUE) {
                return;
            }
            cursor = last + interval.millis();
        }
    }

    @Override
    public void trades(String symbol, long startMs, long endMs, Consumer<HistoryTrade> out) throws IOException {
        long windowStart = startMs;
        long nextAggId = -1;
        while (nextAggId < 0) {
            if (windowStart >= endMs) {
                return;
            }
            long windowEnd = Math.min(windowStart + HOUR_MS, endMs);
            JsonNode rows = get("/api/v3/aggTrades?symbol=" + symbol + "&startTime=" + windowStart + "&endTime=" + (windowEnd - 1) + "&limit="
                    + page, 4);
            if (rows.isEmpty()) {
                windowStart = windowEnd;
                continue;
            }
            if (historicalTrades) {
                individualTrades(symbol, rows.get(0).get("f").asLong(), startMs, endMs, out);
                return;
            }
            nextAggId = emitAgg(rows, startMs, endMs, out);
        }
        while (nextAggId > 0) {
            JsonNode rows = get("/api/v3/aggTrades?symbol=" + symbol + "&fromId=" + nextAggId + "&limit=" + page, 4);
            if (rows.isEmpty()) {
                return;
            }
            nextAggId = emitAgg(rows, startMs, endMs, out);
        }
    }

    /** @return the next aggregate id to ask for, or 0 when the range's end was reached */
    private static long emitAgg(JsonNode rows, long startMs, long endMs, Consumer<HistoryTrade> out) {
        long next = 0;
        for (JsonNode r : rows) {
            long t = r.get("T").asLong();
            if (t >= endMs) {
                return 0;
            }
            long id = r.get("a").asLong();
            next = id + 1;
            if (t >= startMs) {
                out.accept(new HistoryTrade(id, t * 1000, r.get("p").asText(), r.get("q").asText(), r.get("m").asBoolean() ? "sell" : "buy"));
            }
        }
        return next;
    }

    private void individualTrades(String symbol, long fromId, long startMs, long endMs, Consumer<HistoryTrade> out) throws IOException {
        long next = fromId;
        while (true) {
            JsonNode rows = get("/api/v3/historicalTrades?symbol=" + symbol + "&fromId=" + next + "&limit=" + page, 25);
            if (rows.isEmpty()) {
                return;
            }
            for (JsonNode r : rows) {
                long t = r.get("time").asLong();
                if (t >= endMs) {
                    return;
                }
                long id = r.get("id").asLong();
                next = id + 1;
                if (t >= startMs) {
                    out.accept(new HistoryTrade(id, t * 1000, r.get("price").asText(), r.get("qty").asText(),
                            r.get("isBuyerMaker").asBoolean() ? "sell" : "buy"));
                }
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
