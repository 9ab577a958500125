package io.mm.bench;

import io.mm.core.Exchange;
import io.mm.core.candle.Candle;
import io.mm.core.candle.HistoryFiles;
import io.mm.core.candle.Interval;
import io.mm.core.contract.DayDirectory;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** The metrics benchmark's exchange-side input: {@code bin/mm history} candle files (the recorded side is {@link GeneratedRecording}). */
final class MetricsBenchData {
    private static final Interval M1 = Interval.parse("1m");

    private MetricsBenchData() {}

    static String symbol(String prefix, int i) {
        return String.format(Locale.ROOT, "%s%02dUSDT", prefix, i);
    }

    /** One symbol's {@code bin/mm history} file of 1-minute candles over {@code days}, and a day directory so it is listed. */
    static long history(Path dataDir, String fs, long startMs, int days, long seed) throws IOException {
        long endMs = startMs + days * GeneratedRecording.DAY_MS;
        Files.createDirectories(dataDir.resolve("binance").resolve(fs)
                .resolve(Instant.ofEpochMilli(startMs).atZone(ZoneOffset.UTC).toLocalDate().format(DayDirectory.DAY)));
        SplittableRandom r = new SplittableRandom(seed);
        long cents = 100_000 + seed * 1000;
        List<Candle> candles = new ArrayList<>(days * 1440);
        for (long t = startMs; t < endMs; t += M1.millis()) {
            cents = Math.max(100, cents + r.nextInt(41) - 20);
            String c = BigDecimal.valueOf(cents, 2).toPlainString() + "000000";
            candles.add(new Candle(t, t + M1.millis() - 1, c, c, c, c, "1.00000000", 10, Candle.Source.EXCHANGE));
        }
        Path file = HistoryFiles.candles(dataDir, Exchange.BINANCE, fs, M1, startMs, endMs);
        HistoryFiles.writeCandles(file, candles);
        return Files.size(file);
    }
}
