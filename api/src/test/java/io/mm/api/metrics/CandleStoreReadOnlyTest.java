package io.mm.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.candle.Candle;
import io.mm.core.candle.CandleSource;
import io.mm.core.candle.Interval;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Serving over a DATA_DIR it cannot write: fetched candles still count, kept in memory, and are not fetched again. */
class CandleStoreReadOnlyTest {
    private static final Interval M1 = Interval.parse("1m");
    private static final long T0 = 1_796_000_000_000L - 1_796_000_000_000L % 60_000;

    @Test
    void candlesThatCannotBeStoredAreKeptInMemory(@TempDir Path data) throws Exception {
        Path symbol = Files.createDirectories(data.resolve("binance/AAAUSDT"));
        Files.writeString(symbol.resolve("history"), "not a directory"); // every write below it fails, as on a read-only mount
        AtomicInteger asked = new AtomicInteger();
        CandleSource exchange = (e, s, iv, from, to) -> {
            asked.incrementAndGet();
            List<Candle> out = new ArrayList<>();
            for (long o = from; o < to; o += iv.millis()) {
                String close = Long.toString(100 + (o - T0) / iv.millis());
                out.add(new Candle(o, o + iv.millis() - 1, close, close, close, close, "1", 1, Candle.Source.EXCHANGE));
            }
            return out;
        };
        CandleStore store = new CandleStore(data, exchange);
        CandleStore.Series before = store.load(Exchange.BINANCE, "AAAUSDT", M1, T0, T0 + 180_000);
        assertThat(before.closes()).isEmpty();
        assertThat(store.fetchMissing(Exchange.BINANCE, "AAAUSDT", "AAAUSDT", M1, before.missing(), T0 + 600_000)).isEqualTo(3);

        CandleStore.Series after = store.load(Exchange.BINANCE, "AAAUSDT", M1, T0, T0 + 180_000);
        assertThat(after.closes()).containsExactly(java.util.Map.entry(T0, 100.0), java.util.Map.entry(T0 + 60_000, 101.0),
                java.util.Map.entry(T0 + 120_000, 102.0));
        assertThat(after.exchangeCandles()).isEqualTo(3);
        assertThat(after.missing()).as("nothing left to fetch").isEmpty();
        assertThat(asked.get()).isEqualTo(1);
    }
}
