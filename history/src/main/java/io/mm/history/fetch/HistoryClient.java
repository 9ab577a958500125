package io.mm.history.fetch;

import io.mm.core.Exchange;
import io.mm.core.candle.Candle;
import io.mm.history.HistoryTrade;
import io.mm.core.candle.Interval;
import io.mm.history.binance.BinanceHistory;
import io.mm.history.bitfinex.BitfinexHistory;
import io.mm.history.kraken.KrakenHistory;
import io.mm.rest.RestEndpoints;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * An exchange's REST history, paged over any range. Ranges are {@code [startMs, endMs)}; rows come oldest
 * first, each once; candles still open at the time of the request are left out (they would change).
 */
public interface HistoryClient {

    /** The exchange's candles whose open time lies in the range. */
    void candles(String symbol, Interval interval, long startMs, long endMs, Consumer<Candle> out) throws IOException;

    /** The exchange's trades whose time lies in the range. */
    void trades(String symbol, long startMs, long endMs, Consumer<HistoryTrade> out) throws IOException;

    static HistoryClient of(Exchange e, RestEndpoints endpoints, HistoryHttp http, LongSupplier clockMs, boolean binanceHistoricalTrades) {
        String base = endpoints.base(e);
        return switch (e) {
            case BINANCE -> new BinanceHistory(base, http, clockMs, binanceHistoricalTrades);
            case KRAKEN -> new KrakenHistory(base, http, clockMs);
            case BITFINEX -> new BitfinexHistory(base, http, clockMs);
        };
    }
}
