package io.mm.api.metrics;

import io.mm.core.Exchange;
import io.mm.core.candle.Candle;
import io.mm.core.candle.Interval;
import java.io.IOException;
import java.util.List;

/**
 * Where candles missing on disk are fetched from: the exchanges' REST history under the shared REST budget
 * ({@code bin/mm metrics} wires in the history module's clients; serving itself stays free of them).
 */
public interface CandleSource {
    /** The exchange's closed candles whose open time lies in {@code [startMs, endMs)}, oldest first. */
    List<Candle> candles(Exchange exchange, String symbol, Interval interval, long startMs, long endMs) throws IOException;
}
