package io.mm.history.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import io.mm.core.Exchange;
import io.mm.core.candle.Candle;
import io.mm.history.Decimals;
import io.mm.history.TradeCandles;
import io.mm.history.HistoryTrade;
import io.mm.core.candle.Interval;
import io.mm.history.fetch.HistoryClient;
import io.mm.history.fetch.HistoryHttp;
import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Kraken REST history: {@code /0/public/OHLC} and {@code /0/public/Trades} (1000 a page, paged by {@code last},
 * a nanosecond stamp).
 *
 * <p>OHLC only ever returns the 720 most recent committed candles plus the open one, whatever {@code since}
 * asks. Older parts of a range are rebuilt from Trades, which agrees with OHLC on real data (272/272 minutes),
 * with Kraken's own rule for empty intervals (every price the previous close, no volume), and are marked
 * {@link Candle.Source#EXCHANGE_TRADES}. REST pairs are the WS v2 symbols without the slash.
 */
public final class KrakenHistory implements HistoryClient {

    private final String base;
    private final HistoryHttp http;
    private final LongSupplier clockMs;
    private final int page;

    public KrakenHistory(String base, HistoryHttp http, LongSupplier clockMs) {
        this(base, http, clockMs, 1000);
    }

    /** @param page trades asked for per request (1..1000) */
    public KrakenHistory(String base, HistoryHttp http, LongSupplier clockMs, int page) {
        this.base = base;
        this.http = http;
        this.clockMs = clockMs;
        this.page = page;
    }

    static String pair(String symbol) {
        return symbol.replace("/", "");
    }

    private JsonNode result(String pathAndQuery) throws IOException {
        JsonNode result = Decimals.JSON.readTree(http.get(Exchange.KRAKEN, base, pathAndQuery, 1)).get("result");
        if (result == null || !result.isObject()) {
            throw new IOException("kraken " + pathAndQuery + ": no result object in the answer");
        }
        return result;
    }

    /** The pair's rows of a {@code result} object, whatever name Kraken files them under (XXBTZUSD, ...). */
    private static JsonNode pairRows(JsonNode result, String pathAndQuery) throws IOException {
        for (Map.Entry<String, JsonNode> e : result.properties()) {
            if (!e.getKey().equals("last")) {
                return e.getValue();
            }
        }
        throw new IOException("kraken " + pathAndQuery + ": the result holds no pair");
    }

    @Override
    public void candles(String symbol, Interval interval, long startMs, long endMs, Consumer<Candle> out) throws IOException {
        String minutes = interval.requireToken(Exchange.KRAKEN);
        long now = clockMs.getAsLong();
        long iv = interval.millis();
        long first = interval.floor(startMs) < startMs ? interval.floor(startMs) + iv : startMs;
        String q = "/0/public/OHLC?pair=" + pair(symbol) + "&interval=" + minutes + "&since=" + (first / 1000 - 1);
        JsonNode ohlc = pairRows(result(q), q);
        long ohlcFirst = ohlc.isEmpty() ? Long.MAX_VALUE : ohlc.get(0).get(0).asLong() * 1000;
        if (first < Math.min(ohlcFirst, endMs)) {
            rebuildFromTrades(symbol, interval, first, Math.min(ohlcFirst, endMs), out);
        }
        for (int i = 0; i < ohlc.size() - 1; i++) { // the last row is the open candle, always present
            JsonNode r = ohlc.get(i);
            long open = r.get(0).asLong() * 1000;
            if (open < first || open >= endMs || open + iv > now) {
                continue;
            }
            out.accept(new Candle(open, open + iv - 1, r.get(1).asText(), r.get(2).asText(), r.get(3).asText(), r.get(4).asText(),
                    r.get(6).asText(), r.get(7).asLong(), Candle.Source.EXCHANGE));
        }
    }

    /**
     * Candles of {@code [fromMs, toMs)} from Trades: empty intervals after the first trade take the previous
     * close, as OHLC shows them; intervals before the range's first trade are left out (no close to take).
     */
    private void rebuildFromTrades(String symbol, Interval interval, long fromMs, long toMs, Consumer<Candle> out) throws IOException {
        TradeCandles candles = new TradeCandles(interval, true, Candle.Source.EXCHANGE_TRADES, out);
        trades(symbol, fromMs, toMs, t -> candles.add(t.tsUs(), t.id(), t.price(), t.qty()));
        candles.finish(toMs);
    }

    @Override
    public void trades(String symbol, long startMs, long endMs, Consumer<HistoryTrade> out) throws IOException {
        // since is exclusive: one nanosecond before the range takes a trade at its very first instant
        String since = Long.toString(startMs * 1_000_000L - 1);
        while (true) {
            String q = "/0/public/Trades?pair=" + pair(symbol) + "&since=" + since + "&count=" + page;
            JsonNode result = result(q);
            JsonNode page = pairRows(result, q);
            JsonNode last = result.get("last");
            for (JsonNode r : page) {
                long tsUs = r.get(2).decimalValue().movePointRight(6).longValue();
                if (tsUs >= endMs * 1000) {
                    return;
                }
                if (tsUs >= startMs * 1000) {
                    out.accept(new HistoryTrade(r.get(6).asLong(), tsUs, r.get(0).asText(), r.get(1).asText(),
                            r.get(3).asText().equals("b") ? "buy" : "sell"));
                }
            }
            String next = last == null ? null : last.asText();
            if (page.isEmpty() || next == null || next.equals(since)) {
                return; // caught up with the present
            }
            since = next;
        }
    }
}
