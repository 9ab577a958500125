package io.mm.core.candle;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * Accumulates the trades of one interval into a candle. Order-independent: open and close are the earliest and
 * latest trade by (time, id), so trades may arrive in any order and partial builders may be merged, as Flink's
 * window aggregation does. Prices keep the text the exchange sent; the volume is an exact decimal sum.
 *
 * <p>Public fields and a no-arg constructor: the combine job's Flink window state holds it as a POJO, without Kryo.
 */
public final class CandleBuilder implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The open of the interval accumulated, ms (set by whoever groups trades by interval). */
    public long openMs;
    public long count;
    public long firstTs = Long.MAX_VALUE;
    public long firstId;
    public String open;
    public long lastTs = Long.MIN_VALUE;
    public long lastId;
    public String close;
    public BigDecimal high;
    public String highText;
    public BigDecimal low;
    public String lowText;
    public BigDecimal volume = BigDecimal.ZERO;

    public CandleBuilder() {}

    public CandleBuilder add(long tsUs, long id, String price, String qty) {
        BigDecimal p = new BigDecimal(price);
        count++;
        if (later(firstTs, firstId, tsUs, id)) {
            firstTs = tsUs;
            firstId = id;
            open = price;
        }
        if (later(tsUs, id, lastTs, lastId)) {
            lastTs = tsUs;
            lastId = id;
            close = price;
        }
        if (high == null || p.compareTo(high) > 0) {
            high = p;
            highText = price;
        }
        if (low == null || p.compareTo(low) < 0) {
            low = p;
            lowText = price;
        }
        volume = volume.add(new BigDecimal(qty));
        return this;
    }

    /** Adds {@code o}'s trades into this builder (copying: {@code o} may be a record object Flink reuses). */
    public CandleBuilder merge(CandleBuilder o) {
        if (o.count == 0) {
            return this;
        }
        if (count == 0) {
            openMs = o.openMs;
            count = o.count;
            firstTs = o.firstTs;
            firstId = o.firstId;
            open = o.open;
            lastTs = o.lastTs;
            lastId = o.lastId;
            close = o.close;
            high = o.high;
            highText = o.highText;
            low = o.low;
            lowText = o.lowText;
            volume = o.volume;
            return this;
        }
        count += o.count;
        if (later(firstTs, firstId, o.firstTs, o.firstId)) {
            firstTs = o.firstTs;
            firstId = o.firstId;
            open = o.open;
        }
        if (later(o.lastTs, o.lastId, lastTs, lastId)) {
            lastTs = o.lastTs;
            lastId = o.lastId;
            close = o.close;
        }
        if (o.high.compareTo(high) > 0) {
            high = o.high;
            highText = o.highText;
        }
        if (o.low.compareTo(low) < 0) {
            low = o.low;
            lowText = o.lowText;
        }
        volume = volume.add(o.volume);
        return this;
    }

    /** Whether trade {@code (tsUs, id)} comes after {@code (otherTs, otherId)}: by time, then by trade id. */
    private static boolean later(long tsUs, long id, long otherTs, long otherId) {
        return tsUs > otherTs || (tsUs == otherTs && id > otherId);
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public Candle build(long openMs, Interval iv, Candle.Source source) {
        if (count == 0) {
            throw new IllegalStateException("no trades in the candle at " + openMs);
        }
        return new Candle(openMs, openMs + iv.millis() - 1, open, highText, lowText, close, volume.toPlainString(), count, source);
    }

    /** An interval without trades, the way Binance and Kraken show it: every price the previous close, no volume. */
    public static Candle empty(long openMs, Interval iv, String previousClose, Candle.Source source) {
        return new Candle(openMs, openMs + iv.millis() - 1, previousClose, previousClose, previousClose, previousClose, "0", 0, source);
    }
}
