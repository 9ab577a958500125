package io.mm.simulator.market;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Candles built from the trades a symbol streamed, so REST klines/OHLC/candles always agree with the trade
 * stream a client recorded. Intervals are aligned to the epoch (UTC), as the exchanges align them.
 */
public final class Candles {
    private Candles() {}

    /**
     * @param open          interval start, ms
     * @param volume        base volume in quantity units
     * @param quoteVolume   sum of price x qty, as a decimal
     * @param takerBuyVolume base volume of trades whose taker bought
     */
    public record Candle(long open, long openPrice, long high, long low, long close, long volume, BigDecimal quoteVolume,
                         BigDecimal vwapNumerator, int count, long takerBuyVolume, BigDecimal takerBuyQuote) {}

    /**
     * The candles of {@code intervalMs} whose open time lies in {@code [fromMs, toMs]}, oldest first, from
     * the first interval with a trade on. With {@code fillEmpty}, intervals without trades are present with
     * every price at the previous close and zero volume (Binance, Kraken); without, they are left out
     * (Bitfinex). {@code toMs} must be bounded (now, at the latest).
     */
    public static List<Candle> build(TradeLog log, int priceDecimals, int qtyDecimals, long intervalMs, long fromMs, long toMs,
                                     boolean fillEmpty) {
        List<Candle> out = new ArrayList<>();
        if (log.size() == 0 || toMs < fromMs) {
            return out;
        }
        long firstOpen = Math.floorDiv(log.time(0), intervalMs) * intervalMs;
        long start = Math.max(Math.floorDiv(fromMs, intervalMs) * intervalMs, firstOpen);
        if (start < fromMs) {
            start += intervalMs;
        }
        int i = log.firstAtOrAfter(start);
        // the close before the range, for filler candles at its start
        long prevClose = i > 0 ? log.price(i - 1) : log.price(0);
        long lastTrade = log.time(log.size() - 1);
        long end = Math.min(toMs, fillEmpty ? Long.MAX_VALUE : lastTrade);
        for (long t = start; t <= end; t += intervalMs) {
            if (!fillEmpty && i >= log.size()) {
                break;
            }
            long next = t + intervalMs;
            if (i >= log.size() || log.time(i) >= next) {
                if (fillEmpty) {
                    out.add(new Candle(t, prevClose, prevClose, prevClose, prevClose, 0, BigDecimal.ZERO, BigDecimal.ZERO, 0, 0,
                            BigDecimal.ZERO));
                }
                continue;
            }
            long o = log.price(i);
            long h = o;
            long l = o;
            long c = o;
            long v = 0;
            long tb = 0;
            int n = 0;
            BigDecimal qv = BigDecimal.ZERO;
            BigDecimal tbq = BigDecimal.ZERO;
            while (i < log.size() && log.time(i) < next) {
                long p = log.price(i);
                long q = log.qty(i);
                h = Math.max(h, p);
                l = Math.min(l, p);
                c = p;
                v += q;
                BigDecimal pq = BigDecimal.valueOf(p, priceDecimals).multiply(BigDecimal.valueOf(q, qtyDecimals));
                qv = qv.add(pq);
                if (log.buy(i)) {
                    tb += q;
                    tbq = tbq.add(pq);
                }
                n++;
                i++;
            }
            prevClose = c;
            out.add(new Candle(t, o, h, l, c, v, qv, qv, n, tb, tbq));
        }
        return out;
    }
}
