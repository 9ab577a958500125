package io.mm.history.bitfinex;

import com.fasterxml.jackson.databind.JsonNode;
import io.mm.core.Exchange;
import io.mm.core.candle.Candle;
import io.mm.history.Decimals;
import io.mm.history.HistoryTrade;
import io.mm.core.candle.Interval;
import io.mm.history.fetch.HistoryClient;
import io.mm.history.fetch.HistoryHttp;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Bitfinex REST history: {@code /v2/candles/trade:<tf>:<symbol>/hist} (rows {@code [MTS, OPEN, CLOSE, HIGH, LOW,
 * VOLUME]}: OCHL, not OHLC) and {@code /v2/trades/<symbol>/hist} (rows {@code [ID, MTS, AMOUNT, PRICE]}, the
 * amount's sign the taker's side), both ascending and paged by {@code start}. Pages hold 1000 rows: the
 * documented maximum of 10000 is unverified (an older note saw {@code limit: invalid} above 1000).
 *
 * <p>Numbers are JSON numbers ({@code 1e-8} happens) and are written as plain decimals. Trades paged by time
 * repeat the trades of the page's last millisecond; they are dropped by id.
 */
public final class BitfinexHistory implements HistoryClient {
    public static final int PAGE = 1000;

    private final String base;
    private final HistoryHttp http;
    private final LongSupplier clockMs;
    private final int page;

    public BitfinexHistory(String base, HistoryHttp http, LongSupplier clockMs) {
        this(base, http, clockMs, PAGE);
    }

    /** @param page rows asked for per request */
    public BitfinexHistory(String base, HistoryHttp http, LongSupplier clockMs, int page) {
        this.base = base;
        this.http = http;
        this.clockMs = clockMs;
        this.page = page;
    }

    static String symbol(String s) {
        return s.startsWith("t") || s.startsWith("f") ? s : "t" + s;
    }

    private JsonNode get(String pathAndQuery) throws IOException {
        String body = http.get(Exchange.BITFINEX, base, pathAndQuery, 1);
        JsonNode n = Decimals.JSON.readTree(body);
        if (!n.isArray()) {
            throw new IOException("bitfinex " + pathAndQuery + ": expected a JSON array, got " + (body.length() > 200 ? body.substring(0, 200) : body));
        }
        return n;
    }

    @Override
    public void candles(String symbol, Interval interval, long startMs, long endMs, Consumer<Candle> out) throws IOException {
        String tf = interval.requireToken(Exchange.BITFINEX);
        long now = clockMs.getAsLong();
        long iv = interval.millis();
        long cursor = interval.floor(startMs) < startMs ? interval.floor(startMs) + iv : startMs;
        while (cursor < endMs) {
            JsonNode rows = get("/v2/candles/trade:" + tf + ":" + symbol(symbol) + "/hist?start=" + cursor + "&end=" + (endMs - 1) + "&limit="
                    + page + "&sort=1");
            long last = Long.MIN_VALUE;
            for (JsonNode r : rows) {
                long open = r.get(0).asLong();
                if (open < cursor || open >= endMs) {
                    continue;
                }
                if (open + iv > now) {
                    return; // still open
                }
                last = open;
                out.accept(new Candle(open, open + iv - 1, Decimals.plain(r.get(1).asText()), Decimals.plain(r.get(3).asText()),
                        Decimals.plain(r.get(4).asText()), Decimals.plain(r.get(2).asText()), Decimals.plain(r.get(5).asText()), -1,
                        Candle.Source.EXCHANGE));
            }
            if (last == Long.MIN_VALUE) {
                return;
            }
            cursor = last + iv;
        }
    }

    @Override
    public void trades(String symbol, long startMs, long endMs, Consumer<HistoryTrade> out) throws IOException {
        long cursor = startMs;
        Set<Long> atCursor = new HashSet<>();
        while (cursor < endMs) {
            JsonNode rows = get("/v2/trades/" + symbol(symbol) + "/hist?start=" + cursor + "&end=" + (endMs - 1) + "&limit=" + page + "&sort=1");
            long lastMs = cursor;
            Set<Long> atLast = new HashSet<>();
            int fresh = 0;
            for (JsonNode r : rows) {
                long id = r.get(0).asLong();
                long ms = r.get(1).asLong();
                if (ms == cursor && atCursor.contains(id)) {
                    continue;
                }
                fresh++;
                if (ms != lastMs) {
                    lastMs = ms;
                    atLast.clear();
                }
                atLast.add(id);
                String amount = Decimals.plain(r.get(2).asText());
                out.accept(new HistoryTrade(id, ms * 1000, Decimals.plain(r.get(3).asText()), Decimals.abs(amount),
                        amount.startsWith("-") ? "sell" : "buy"));
            }
            if (rows.size() < page) {
                return; // the last page of the range
            }
            if (fresh == 0) {
                throw new IOException("bitfinex " + symbol + ": more than " + page + " trades in the millisecond " + cursor
                        + "; paging by time cannot pass it");
            }
            if (lastMs == cursor) {
                atCursor.addAll(atLast);
            } else {
                atCursor = atLast;
            }
            cursor = lastMs;
        }
    }
}
