package io.mm.bench;

import io.mm.core.Exchange;
import io.mm.core.candle.Candle;
import io.mm.core.candle.HistoryFiles;
import io.mm.core.candle.Interval;
import io.mm.history.TradeCandles;
import io.mm.history.combine.Combine;
import io.mm.history.combine.LocalCandleJob;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.io.file.PathUtils;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/mm bench combine}: trades/s through the history-combine job. Generates recorded Binance days
 * ({@link GeneratedRecording}: the recorder listened all day) and the exchange's candles built
 * from the same trades, then measures the floor (gunzip plus CSV parse of the trades, in process), the Flink
 * candle job alone, and {@code bin/mm combine} end to end (with the exchange candles from a file, so the network
 * is not measured). The combined candles must agree with the exchange's everywhere: a benchmark that computed
 * something wrong would measure nothing.
 */
@Command(name = "combine", mixinStandardHelpOptions = true,
        description = "Generate recorded trades and measure the history-combine job: trades/s beside the floor (gunzip + CSV parse).")
public final class CombineBench implements Callable<Integer> {

    @Option(names = "--trades", paramLabel = "N", description = "trades per day (default 1000000)", converter = Counts.AtLeastOneLong.class)
    long trades = 1_000_000;

    @Option(names = "--days", paramLabel = "N", description = "recorded days, one trades_ws file each (default 2)", converter = Counts.AtLeastOne.class)
    int days = 2;

    @Option(names = "--interval", paramLabel = "IV", description = "candle interval (default 1m)")
    String interval = "1m";

    @Option(names = "--parallelism", paramLabel = "N", description = "Flink parallelism (default: cores)", converter = Counts.AtLeastOne.class)
    Integer parallelism;

    @Option(names = "--dir", paramLabel = "DIR", description = "where the days are written and kept (default a temp directory, deleted afterwards)")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Interval iv = Interval.parse(interval);
        int p = parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors();
        Path root = dir != null ? BenchCommand.checked(dir) : Files.createTempDirectory("mm-bench-combine");
        Path data = root.resolve("data");
        long start = LocalDate.of(2026, 12, 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long end = start + days * GeneratedRecording.DAY_MS;
        System.out.printf(Locale.ROOT, "generating %,d trades a day over %d day(s) into %s%n", trades, days, data);
        List<Candle> exchange = new ArrayList<>();
        TradeCandles truth = new TradeCandles(iv, true, Candle.Source.EXCHANGE, exchange::add);
        List<Path> files = GeneratedRecording.write(data, "BTCUSDT", start, days, trades, 7, truth::add);
        truth.finish(end);
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        Path exchangeFile = root.resolve("exchange_candles.csv.gz");
        HistoryFiles.writeCandles(exchangeFile, exchange);
        long total = trades * days;
        System.out.printf(Locale.ROOT, "%,d trades_ws bytes (%.1f bytes/trade gzip)%n", bytes, bytes / (double) total);

        floor(files);
        double floorS = time(() -> floor(files));
        System.out.printf(Locale.ROOT, "floor (gunzip + CSV parse, 1 thread):      %6.2f s  %,12.0f trades/s%n", floorS, total / floorS);

        LocalCandleJob.run(files, iv, start, end, p); // warm-up
        double jobS = time(() -> LocalCandleJob.run(files, iv, start, end, p));
        System.out.printf(Locale.ROOT, "candle job alone, p=%d:                    %6.2f s  %,12.0f trades/s%n", p, jobS, total / jobS);

        Combine.Outcome[] out = new Combine.Outcome[1];
        double combineS = time(() -> out[0] = Combine.run(new Combine.Settings(data, Exchange.BINANCE, "BTCUSDT", iv, start, end, 1e-9, 1000, p,
                exchangeFile, true, end), null, step -> { }));
        System.out.printf(Locale.ROOT, "bin/mm combine end to end, p=%d:            %6.2f s  %,12.0f trades/s%n", p, combineS, total / combineS);
        var r = out[0].result();
        if (dir == null) {
            PathUtils.deleteDirectory(root);
        }
        System.out.printf(Locale.ROOT, "%d candles (%d local, %d from the exchange), %d mismatching fields%n", r.combined().size(), r.local(),
                r.fromExchange(), r.mismatches().size());
        if (!r.mismatches().isEmpty() || r.local() < r.combined().size() - 2L * days) {
            System.err.println("the combined candles do not agree with the generated exchange candles: the figures above mean nothing");
            return 1;
        }
        return 0;
    }

    private interface Body {
        void run() throws Exception;
    }

    private static double time(Body b) throws Exception {
        long t0 = System.nanoTime();
        b.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static long floor(List<Path> files) throws IOException {
        long n = 0;
        for (Path f : files) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(f), 1 << 16),
                    StandardCharsets.UTF_8));
                 CSVParser csv = CSVParser.builder().setReader(r).setFormat(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())
                         .get()) {
                for (CSVRecord rec : csv) {
                    n += rec.get(4).length();
                }
            }
        }
        return n;
    }
}
