package io.mm.core.candle;

import java.util.List;

/**
 * One candle: {@code [openMs, closeMs]} (close is the interval's last millisecond, as Binance writes it),
 * prices and volume as decimal text, {@code trades} the number of trades or -1 where the exchange does not say
 * (Bitfinex). {@code source} says where the row came from.
 */
public record Candle(long openMs, long closeMs, String open, String high, String low, String close, String volume, long trades,
                     Source source) {

    public static final List<String> COLUMNS =
            List.of("open_time_ms", "close_time_ms", "open", "high", "low", "close", "volume", "trades", "source");

    public enum Source {
        /** built from the recorder's own trades over an interval it provably listened to in full */
        LOCAL,
        /** the exchange's candle API */
        EXCHANGE,
        /** built from the exchange's REST trades where its candle API no longer reaches (Kraken beyond 720) */
        EXCHANGE_TRADES,
        /**
         * built from the recorder's own trades of one day file, before the events ledger is consulted (the metrics'
         * kept day candles): trusted only where the ledger shows the recorder listened
         */
        RECORDED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Source parse(String s) {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }

    public Candle withSource(Source s) {
        return new Candle(openMs, closeMs, open, high, low, close, volume, trades, s);
    }

    public List<String> row() {
        return List.of(Long.toString(openMs), Long.toString(closeMs), open, high, low, close, volume,
                trades < 0 ? "" : Long.toString(trades), source.id());
    }
}
