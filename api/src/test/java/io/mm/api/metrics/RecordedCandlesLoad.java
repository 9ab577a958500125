package io.mm.api.metrics;

import io.mm.core.Exchange;
import io.mm.core.candle.Interval;
import io.mm.core.contract.ContractFile;
import io.mm.core.contract.CsvRows;
import io.mm.core.contract.DayDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How long the metrics take to load 30 days of 1-minute candles for 20 symbols from recorded trades alone (no
 * history files): the first load builds every day's candles from the {@code trades_ws} files (and keeps the closed
 * days' on disk), the second answers from memory, a third store (another process) from the kept files and the
 * newest day's trades. Delete {@code <DIR>/binance/*}{@code /history} to measure a first load again. Generates the recordings (members of 500 rows, as the recorder commits them) unless the
 * directory already holds them. A measurement, not a test; run it from the project root with
 *
 * <pre>
 * ./mvnw -B -q -pl api -am test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java -Xmx1g -cp api/target/test-classes:api/target/classes:$(cat api/target/test.classpath) io.mm.api.metrics.RecordedCandlesLoad /tmp/load
 * </pre>
 *
 * <p>Arguments: {@code DIR [SYMBOLS [DAYS [TRADES_PER_DAY]]]}, defaults 20 symbols, 30 days, 20,000 trades a day.
 */
public final class RecordedCandlesLoad {
    private static final long DAY = 86_400_000L;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/recorded-candles-load");
        int symbols = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int days = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int perDay = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;
        long end = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).toEpochMilli();
        long start = end - days * DAY;
        List<String> names = new ArrayList<>();
        long bytes = 0;
        long t0 = System.nanoTime();
        for (int s = 0; s < symbols; s++) {
            String fs = String.format(Locale.ROOT, "S%02dUSDT", s);
            names.add(fs);
            bytes += generate(dir.resolve("binance").resolve(fs), fs, start, days, perDay, s);
        }
        System.out.printf(Locale.ROOT, "%d symbols x %d days x %,d trades: %,d trades, %,d bytes of trades_ws (generated or found in %.1f s)%n",
                symbols, days, perDay, (long) symbols * days * perDay, bytes, (System.nanoTime() - t0) / 1e9);
        Interval m1 = Interval.parse("1m");
        CandleStore store = new CandleStore(dir, null);
        for (String pass : List.of("first load (builds every day's candles)", "second load (kept in memory)",
                "another process (closed days kept on disk)")) {
            if (pass.startsWith("another")) {
                store = new CandleStore(dir, null);
            }
            long t = System.nanoTime();
            long closes = 0;
            long local = 0;
            for (String fs : names) {
                CandleStore.Series series = store.load(Exchange.BINANCE, fs, m1, start, end);
                closes += series.closes().size();
                local += series.localCandles();
            }
            double sec = (System.nanoTime() - t) / 1e9;
            System.out.printf(Locale.ROOT, "%-44s %7.2f s  %,d closes (%,d local), %,d trades files read%n", pass, sec, closes, local,
                    store.recorded().tradeFilesRead());
            if (local < (long) symbols * (days * 1440L - 2)) {
                System.err.println("fewer local candles than the recordings listened to: the figures mean nothing");
                System.exit(1);
            }
        }
        Runtime rt = Runtime.getRuntime();
        rt.gc();
        System.out.printf(Locale.ROOT, "heap in use after all three: %,d MB%n", (rt.totalMemory() - rt.freeMemory()) >> 20);
    }

    /**
     * One symbol's days, listened throughout (one ledger: opened on the first day, ended after the last); a day's
     * trades file already there is kept, its ledger written again.
     */
    private static long generate(Path symbolDir, String fs, long start, int days, int perDay, long seed) throws IOException {
        long bytes = 0;
        SplittableRandom r = new SplittableRandom(seed);
        long id = 1;
        for (int d = 0; d < days; d++) {
            long dayStart = start + d * DAY;
            String day = Instant.ofEpochMilli(dayStart).atZone(ZoneOffset.UTC).toLocalDate().format(DayDirectory.DAY);
            Path dayDir = symbolDir.resolve(day);
            Path trades = dayDir.resolve(ContractFile.TRADES.relativePath(fs, day));
            Path events = dayDir.resolve(ContractFile.EVENTS.relativePath(fs, day));
            Files.createDirectories(dayDir);
            if (!Files.isRegularFile(trades)) {
                writeTrades(trades, dayStart, perDay, r, 100_000 + seed * 1000, id);
            }
            id += perDay;
            // the recorder's ledger: a heartbeat row a minute (HEARTBEAT_SEC=60)
            StringBuilder ev = new StringBuilder(ContractFile.EVENTS.headerLine(0));
            if (d == 0) {
                ev.append(CsvRows.row(List.of("0", Long.toString(dayStart * 1000 - 5_000_000), "0", "load", "1", "ws_open", "SYNCED", "", "{}")));
            }
            for (int m = 0; m < 1440; m++) {
                ev.append(CsvRows.row(List.of(Integer.toString(m + 1), Long.toString((dayStart + m * 60_000L) * 1000 + 1), "0", "load", "1",
                        "heartbeat", "SYNCED", "", "{\"trades\":1}")));
            }
            if (d == days - 1) {
                ev.append(CsvRows.row(List.of("9999", Long.toString((dayStart + DAY) * 1000 + 5_000_000), "0", "load", "1", "run_end", "STOPPED", "",
                        "{}")));
            }
            Files.write(events, RecordedDays.member(ev.toString()));
            Files.setLastModifiedTime(trades, FileTime.fromMillis(System.currentTimeMillis() - DAY));
            bytes += Files.size(trades);
        }
        return bytes;
    }

    private static void writeTrades(Path trades, long dayStart, int perDay, SplittableRandom r, long cents, long id) throws IOException {
        StringBuilder rows = new StringBuilder(1 << 16);
        try (OutputStream out = Files.newOutputStream(trades)) {
            out.write(RecordedDays.member(ContractFile.TRADES.headerLine(0)));
            for (int i = 0; i < perDay; i++) {
                long tsUs = dayStart * 1000 + i * (DAY * 1000 / perDay) + r.nextInt(1000);
                cents = Math.max(100, cents + r.nextInt(41) - 20);
                rows.append(CsvRows.row(List.of(Long.toString(tsUs + 900), Long.toString(id), Long.toString(tsUs), Long.toString(tsUs),
                        Long.toString(id), BigDecimal.valueOf(cents, 2).toPlainString() + "000000", "0.01000000", "buy", "")));
                id++;
                if (i % 500 == 499 || i == perDay - 1) {
                    out.write(RecordedDays.member(rows.toString()));
                    rows.setLength(0);
                }
            }
        }
    }
}
