package io.mm.history;

import io.mm.core.candle.Candle;
import io.mm.core.candle.CandleBuilder;
import io.mm.core.candle.Interval;
import java.util.function.Consumer;

/**
 * Candles from trades arriving in time order, one interval at a time, so a long range never sits in memory.
 * With {@code fillEmpty} (Binance's and Kraken's way) an interval without trades after the first trade becomes a
 * candle at the previous close with no volume; without it (Bitfinex) it has no row. Intervals before the first
 * trade are left out: there is no close to carry.
 */
public final class TradeCandles {
    private final Interval interval;
    private final boolean fillEmpty;
    private final Candle.Source source;
    private final Consumer<Candle> out;
    private long open = Long.MIN_VALUE;
    private CandleBuilder current = new CandleBuilder();

    public TradeCandles(Interval interval, boolean fillEmpty, Candle.Source source, Consumer<Candle> out) {
        this.interval = interval;
        this.fillEmpty = fillEmpty;
        this.source = source;
        this.out = out;
    }

    public void add(long tsUs, long id, String price, String qty) {
        long o = interval.floor(Math.floorDiv(tsUs, 1000));
        if (o != open) {
            if (o < open) {
                throw new IllegalArgumentException("trade " + id + " at " + tsUs + " us is older than the interval at " + open + " ms");
            }
            flush(o);
            open = o;
            current = new CandleBuilder();
        }
        current.add(tsUs, id, price, qty);
    }

    /** Emits what is pending and, filling, the empty intervals up to {@code toMs} (exclusive). */
    public void finish(long toMs) {
        flush(interval.floor(toMs - 1) + interval.millis());
        open = Long.MIN_VALUE;
        current = new CandleBuilder();
    }

    private void flush(long nextOpen) {
        if (current.isEmpty()) {
            return;
        }
        out.accept(current.build(open, interval, source));
        if (fillEmpty) {
            for (long e = open + interval.millis(); e < nextOpen; e += interval.millis()) {
                out.accept(CandleBuilder.empty(e, interval, current.close, source));
            }
        }
    }
}
