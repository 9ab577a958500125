package io.mm.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.candle.Candle;
import io.mm.core.candle.CandleSource;
import io.mm.core.candle.HistoryFiles;
import io.mm.core.candle.Interval;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history file that cannot be read (a truncated gzip, a close that is not a number) costs its own span only: the
 * other files still answer, its span is missing and fetched again, and the metrics of the symbol go on.
 */
class CandleStoreBadFileTest {
    private static final Interval M1 = Interval.parse("1m");
    private static final long T0 = 1_796_000_000_000L - 1_796_000_000_000L % 60_000;
    private static final long M = 60_000;

    @Test
    void aBadFileIsPassedOverAndItsSpanFetchedAgain(@TempDir Path data) throws Exception {
        Path history = Files.createDirectories(data.resolve("binance/AAAUSDT/history"));
        HistoryFiles.writeCandles(history.resolve(name(T0, T0 + 3 * M)), candles(T0, T0 + 3 * M, 100));
        Path truncated = history.resolve(name(T0 + 3 * M, T0 + 6 * M));
        HistoryFiles.writeCandles(truncated, candles(T0 + 3 * M, T0 + 6 * M, 200));
        byte[] whole = Files.readAllBytes(truncated);
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));
        List<Candle> notANumber = candles(T0 + 6 * M, T0 + 9 * M, 300);
        Candle c = notANumber.get(1);
        notANumber.set(1, new Candle(c.openMs(), c.closeMs(), c.open(), c.high(), c.low(), "n/a", c.volume(), c.trades(), c.source()));
        HistoryFiles.writeCandles(history.resolve(name(T0 + 6 * M, T0 + 9 * M)), notANumber);

        CandleSource exchange = (e, s, iv, from, to) -> candles(from, to, 400);
        CandleStore store = new CandleStore(data, exchange);
        CandleStore.Series before = store.load(Exchange.BINANCE, "AAAUSDT", M1, T0, T0 + 9 * M);
        assertThat(before.closes()).containsExactly(Map.entry(T0, 100.0), Map.entry(T0 + M, 101.0), Map.entry(T0 + 2 * M, 102.0));
        assertThat(before.missing()).as("the bad files' spans").containsExactly(new long[] {T0 + 3 * M, T0 + 9 * M});

        assertThat(store.fetchMissing(Exchange.BINANCE, "AAAUSDT", "AAAUSDT", M1, before.missing(), T0 + 60 * M)).isEqualTo(6);
        CandleStore.Series after = store.load(Exchange.BINANCE, "AAAUSDT", M1, T0, T0 + 9 * M);
        assertThat(after.closes()).hasSize(9).containsEntry(T0 + 3 * M, 403.0).containsEntry(T0 + 8 * M, 408.0);
        assertThat(after.missing()).isEmpty();
    }

    private static String name(long from, long to) {
        return "candles_1m_" + from + "_" + to + ".csv.gz";
    }

    /** One candle a minute in {@code [from, to)}, closing at {@code base} plus its minute's number since T0. */
    private static List<Candle> candles(long from, long to, int base) {
        List<Candle> out = new ArrayList<>();
        for (long o = from; o < to; o += M) {
            String close = Long.toString(base + (o - T0) / M);
            out.add(new Candle(o, o + M - 1, close, close, close, close, "1", 1, Candle.Source.EXCHANGE));
        }
        return out;
    }
}
