package io.mm.core.recorded;

import io.mm.core.Exchange;

/**
 * Which local candle an interval gets, the rule {@code bin/mm combine} and the metrics share: a candle built from the
 * recorder's trades only where it listened to the whole interval ({@link Coverage}); there, an interval without
 * trades is the exchange's kind of empty candle (Binance, Kraken: the previous close, no volume) or no row
 * (Bitfinex, which shows no empty intervals), and the exchange's candle may fill in.
 */
public final class TrustRule {
    /** What the local data gives one interval. */
    public enum Verdict {
        /** the candle built from the recorded trades */
        TRADES,
        /** an empty candle at the previous close */
        EMPTY,
        /** listened to in full, but no local row: the recorder saw no trade and the exchange shows no empty candles */
        NO_ROW,
        /** not listened to in full: local data says nothing */
        UNTRUSTED
    }

    private TrustRule() {}

    /** Whether the exchange shows an interval without trades as a candle (at the previous close): Binance, Kraken. */
    public static boolean showsEmptyIntervals(Exchange e) {
        return e != Exchange.BITFINEX;
    }

    /**
     * @param covered  whether the recorder listened to the whole interval
     * @param traded   whether a candle was built from its recorded trades
     * @param hasPrevious whether the interval before it has a close
     */
    public static Verdict of(Exchange e, boolean covered, boolean traded, boolean hasPrevious) {
        if (!covered) {
            return Verdict.UNTRUSTED;
        }
        if (traded) {
            return Verdict.TRADES;
        }
        return showsEmptyIntervals(e) && hasPrevious ? Verdict.EMPTY : Verdict.NO_ROW;
    }
}
