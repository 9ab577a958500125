package io.mm.history.combine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.candle.Candle;
import io.mm.core.candle.Interval;
import io.mm.core.recorded.Coverage;
import io.mm.core.recorded.RecordedSymbol;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The merge of local and exchange candles: local where the recorder listened, the exchange's elsewhere, differences named. */
class CandleMergerTest {
    static final Interval M1 = Interval.parse("1m");
    static final long T = 1_796_119_200_000L; // 2026-12-01T10:00:00Z

    static RecordedSymbol.Event ev(long ms, String type, String details) {
        return new RecordedSymbol.Event(ms * 1000, type, details);
    }

    static Candle c(long open, String o, String h, String l, String cl, String v, long n) {
        return new Candle(open, open + 59_999, o, h, l, cl, v, n, Candle.Source.EXCHANGE);
    }

    @Test
    void localIsPreferredEmptyMinutesFollowTheExchangesRuleAndDifferencesAreNamed() {
        Coverage all = Coverage.of(Exchange.BINANCE, List.of(ev(T - 1000, "ws_open", "{}"), ev(T + 600_000, "run_end", "{}")), 0);
        List<Candle> local = List.of(c(T, "10", "12", "9", "11", "2.5", 3).withSource(Candle.Source.LOCAL),
                c(T + 120_000, "11", "11", "11", "11", "0.1", 1).withSource(Candle.Source.LOCAL),
                c(T + 180_000, "11", "13", "11", "12", "1", 2).withSource(Candle.Source.LOCAL));
        List<Candle> exchange = List.of(c(T, "10.0", "12.00", "9", "11", "2.50", 3), c(T + 60_000, "11", "11", "11", "11", "0", 0),
                c(T + 120_000, "11", "11", "11", "11", "0.1", 1), c(T + 180_000, "11", "13", "11", "12.5", "1", 2),
                c(T + 240_000, "12.5", "12.5", "12.5", "12.5", "0", 0));
        CandleMerger.Result r = CandleMerger.merge(Exchange.BINANCE, "BTCUSDT", M1, T, T + 300_000, local, exchange, all, 1e-9);
        assertThat(r.combined()).extracting(Candle::source).containsOnly(Candle.Source.LOCAL).hasSize(5);
        assertThat(r.combined().get(1)).as("an empty minute, the previous close and no volume, as Binance shows it")
                .isEqualTo(new Candle(T + 60_000, T + 119_999, "11", "11", "11", "11", "0", 0, Candle.Source.LOCAL));
        assertThat(r.mismatches()).containsExactly(new CandleMerger.Mismatch(T + 180_000, "close", "12", "12.5"),
                new CandleMerger.Mismatch(T + 240_000, "open", "12", "12.5"), new CandleMerger.Mismatch(T + 240_000, "high", "12", "12.5"),
                new CandleMerger.Mismatch(T + 240_000, "low", "12", "12.5"), new CandleMerger.Mismatch(T + 240_000, "close", "12", "12.5"));

        CandleMerger.Result loose = CandleMerger.merge(Exchange.BINANCE, "BTCUSDT", M1, T, T + 300_000, local, exchange, all, 0.05);
        assertThat(loose.mismatches()).as("within 5%").isEmpty();
    }

    @Test
    void whereTheRecorderDidNotListenTheExchangeFillsInAndTheIntervalIsMissing() {
        Coverage part = Coverage.of(Exchange.BITFINEX, List.of(ev(T + 30_000, "ws_open", "{}"),
                ev(T + 31_000, "subscribed", "{\"channel\":\"trades\"}"), ev(T + 190_000, "ws_close", "{}")), 0);
        List<Candle> local = List.of(c(T, "1", "1", "1", "1", "1", 1).withSource(Candle.Source.LOCAL),
                c(T + 60_000, "2", "2", "2", "2", "1", 1).withSource(Candle.Source.LOCAL));
        List<Candle> exchange = List.of(c(T, "1", "3", "1", "1", "4", -1), c(T + 60_000, "2", "2", "2", "2", "1", -1),
                c(T + 120_000, "2", "2", "2", "2", "7", -1), c(T + 180_000, "5", "5", "5", "5", "1", -1));
        CandleMerger.Result r = CandleMerger.merge(Exchange.BITFINEX, "tBTCUSD", M1, T, T + 240_000, local, exchange, part, 1e-9);
        assertThat(r.combined()).extracting(Candle::source).containsExactly(Candle.Source.EXCHANGE, Candle.Source.LOCAL,
                Candle.Source.EXCHANGE, Candle.Source.EXCHANGE);
        assertThat(r.missing()).extracting(CandleMerger.Missing::openMs, CandleMerger.Missing::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(T, "partial"), org.assertj.core.groups.Tuple.tuple(T + 180_000, "not_recorded"));
        assertThat(r.mismatches()).as("10:02 was listened to in full and the recorder saw no trade; Bitfinex has one")
                .containsExactly(new CandleMerger.Mismatch(T + 120_000, "trades", "none", "volume 7"));
    }
}
