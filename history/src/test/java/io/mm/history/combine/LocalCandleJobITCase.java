package io.mm.history.combine;

import io.mm.core.candle.BadInputException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.contract.ContractFile;
import io.mm.core.candle.Candle;
import io.mm.core.candle.Interval;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The candle job on a local Flink: overlapping trading-window days count each trade once; bad rows are named. */
class LocalCandleJobITCase {
    static final long D2 = 1_796_169_600_000L; // 2026-12-02T00:00:00Z
    static final Interval M5 = Interval.parse("5m");

    static Path tradesFile(Path dir, String day, List<long[]> trades) throws IOException {
        Path d = dir.resolve(day);
        Files.createDirectories(d);
        Path f = d.resolve(ContractFile.TRADES.relativePath("BTCUSDT", day));
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(f)), StandardCharsets.UTF_8)) {
            w.write(ContractFile.TRADES.headerLine(0));
            for (long[] t : trades) {
                // t = {ts_ms, id, price}
                w.write((t[0] * 1000 + 700) + "," + t[1] + "," + t[0] * 1000 + "," + t[0] * 1000 + "," + t[1] + "," + t[2] + ".00,0.5,buy,\n");
            }
        }
        return f;
    }

    @Test
    void aTradeInTheOverlapOfTwoDaysCountsOnce(@TempDir Path dir) throws Exception {
        List<long[]> all = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            all.add(new long[] {D2 - 600_000 + i * 20_000L, 100 + i, 50 + i}); // 23:50 .. 00:09:40, every 20 s
        }
        // the first day's window runs to 00:15: it holds everything; the second day starts at midnight
        Path day1 = tradesFile(dir, "20261201", all);
        Path day2 = tradesFile(dir, "20261202", all.subList(30, 60));
        List<Candle> c = LocalCandleJob.run(List.of(day2, day1), M5, D2 - 3_600_000, D2 + 3_600_000, 2);
        assertThat(c).extracting(Candle::openMs).containsExactly(D2 - 600_000, D2 - 300_000, D2, D2 + 300_000);
        assertThat(c).extracting(Candle::trades).containsExactly(15L, 15L, 15L, 15L);
        assertThat(c.get(2)).isEqualTo(new Candle(D2, D2 + 299_999, "80.00", "94.00", "80.00", "94.00", "7.5", 15, Candle.Source.LOCAL));
    }

    @Test
    void aRowThatIsNotATradeIsNamedWithItsFileAndLine(@TempDir Path dir) throws Exception {
        Path f = tradesFile(dir, "20261201", List.of(new long[] {D2 - 60_000, 1, 10}));
        List<String> lines = new ArrayList<>(List.of(new String(new java.util.zip.GZIPInputStream(Files.newInputStream(f)).readAllBytes(),
                StandardCharsets.UTF_8).split("\n")));
        lines.add("1,2,3,4,5,not-a-price,1,buy,");
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(f)), StandardCharsets.UTF_8)) {
            w.write(String.join("\n", lines) + "\n");
        }
        assertThatThrownBy(() -> LocalCandleJob.run(List.of(f), M5, 0, D2 + 3_600_000, 1)).satisfies(e -> {
            Throwable t = e;
            while (t != null && !(t instanceof BadInputException)) {
                t = t.getCause();
            }
            assertThat(t).as("a BadInputException in the chain").isNotNull();
            assertThat(t.getMessage()).as("the path as the user knows it").startsWith(f.toString() + " line 3").contains("not-a-price");
        });
    }

    @Test
    void theJobBuildsWhatTheMetricsBuildFromTheSameFiles(@TempDir Path dir) throws Exception {
        // two overlapping trading-window days of random trades, several in one millisecond, quiet minutes between
        java.util.Random r = new java.util.Random(5);
        List<long[]> all = new ArrayList<>();
        long id = 1;
        for (long t = D2 - 3_600_000; t < D2 + 3_600_000; t += r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(r.nextInt(500) == 0 ? 400_000 : 9_000)) {
            all.add(new long[] {t, id++, 100 + r.nextInt(50)});
        }
        Path day1 = tradesFile(dir, "20261201", all.stream().filter(t -> t[0] < D2 + 900_000).toList());
        Path day2 = tradesFile(dir, "20261202", all.stream().filter(t -> t[0] >= D2).toList());
        Interval m1 = Interval.parse("1m");
        List<Candle> job = LocalCandleJob.run(List.of(day1, day2), m1, D2 - 3_600_000, D2 + 3_600_000, 2);

        // the metrics' way (api's RecordedCandles): each file's partials up to its cutoff, merged per interval
        java.util.Map<Path, Long> cut = io.mm.core.recorded.TradeFileCandles.cutoffs(List.of(day1, day2), true);
        java.util.TreeMap<Long, io.mm.core.candle.CandleBuilder> merged = new java.util.TreeMap<>();
        for (Path f : List.of(day1, day2)) {
            try (var partials = new io.mm.core.recorded.TradeFileCandles(Files.newInputStream(f), f.toString(), true, Long.MIN_VALUE, cut.get(f),
                    m1.millis())) {
                io.mm.core.candle.CandleBuilder b;
                while ((b = partials.next()) != null) {
                    io.mm.core.candle.CandleBuilder had = merged.putIfAbsent(b.openMs, b);
                    if (had != null) {
                        had.merge(b);
                    }
                }
            }
        }
        List<Candle> plain = merged.values().stream().map(b -> b.build(b.openMs, m1, Candle.Source.LOCAL)).toList();
        assertThat(job).hasSizeGreaterThan(100).isEqualTo(plain);
        assertThat(job.stream().mapToLong(Candle::trades).sum()).as("every trade once").isEqualTo(all.size());
    }
}
