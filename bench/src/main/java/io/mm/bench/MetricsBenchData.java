package io.mm.bench;

import io.mm.core.candle.Candle;
import io.mm.core.candle.HistoryFiles;
import io.mm.core.contract.ContractFile;
import io.mm.core.contract.CsvRows;
import io.mm.core.contract.DayDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * The metrics benchmark's input, under one data directory per kind: days the recorder listened to throughout
 * ({@code trades_ws} files in gzip members of 500 rows as its committer appends them, and a ledger from
 * {@code ws_open} to {@code run_end} with a heartbeat a minute), or {@code bin/mm history} candle files only.
 * What is already there is kept, so a second run measures the same files.
 */
final class MetricsBenchData {
    static final long DAY = 86_400_000L;
    private static final long MIN = 60_000L;
    private static final int ROWS_PER_MEMBER = 500;

    private MetricsBenchData() {}

    static String symbol(String prefix, int i) {
        return String.format(Locale.ROOT, "%s%02dUSDT", prefix, i);
    }

    /** One symbol's recorded days in {@code [startMs, startMs + days)}; the bytes of its trades files. */
    static long recorded(Path dataDir, String fs, long startMs, int days, int tradesPerDay, long seed) throws IOException {
        Path symbolDir = dataDir.resolve("binance").resolve(fs);
        SplittableRandom r = new SplittableRandom(seed);
        long cents = 100_000 + seed * 1000;
        long bytes = 0;
        for (int d = 0; d < days; d++) {
            long dayStart = startMs + d * DAY;
            String day = Instant.ofEpochMilli(dayStart).atZone(ZoneOffset.UTC).toLocalDate().format(DayDirectory.DAY);
            Path dayDir = symbolDir.resolve(day);
            Files.createDirectories(dayDir);
            Path trades = dayDir.resolve(ContractFile.TRADES.relativePath(fs, day));
            if (!Files.isRegularFile(trades)) {
                cents = writeTrades(trades, dayStart, tradesPerDay, r, cents, 1 + (long) d * tradesPerDay);
                // a closed day: written before today
                Files.setLastModifiedTime(trades, FileTime.fromMillis(System.currentTimeMillis() - DAY));
            }
            Path events = dayDir.resolve(ContractFile.EVENTS.relativePath(fs, day));
            if (!Files.isRegularFile(events)) {
                Files.write(events, member(ledger(dayStart, d == 0, d == days - 1)));
            }
            bytes += Files.size(trades);
        }
        return bytes;
    }

    private static String ledger(long dayStart, boolean first, boolean last) {
        StringBuilder ev = new StringBuilder(ContractFile.EVENTS.headerLine(0));
        if (first) {
            ev.append(CsvRows.row(List.of("0", Long.toString(dayStart * 1000 - 5_000_000), "0", "bench", "1", "ws_open", "SYNCED", "", "{}")));
        }
        for (int m = 0; m < 1440; m++) {
            ev.append(CsvRows.row(List.of(Integer.toString(m + 1), Long.toString((dayStart + m * MIN) * 1000 + 1), "0", "bench", "1",
                    "heartbeat", "SYNCED", "", "{}")));
        }
        if (last) {
            ev.append(CsvRows.row(List.of("9999", Long.toString((dayStart + DAY) * 1000 + 5_000_000), "0", "bench", "1", "run_end",
                    "STOPPED", "", "{}")));
        }
        return ev.toString();
    }

    private static long writeTrades(Path trades, long dayStart, int perDay, SplittableRandom r, long cents, long firstId) throws IOException {
        StringBuilder rows = new StringBuilder(1 << 16);
        long id = firstId;
        try (OutputStream out = Files.newOutputStream(trades)) {
            out.write(member(ContractFile.TRADES.headerLine(0)));
            for (int i = 0; i < perDay; i++) {
                long tsUs = dayStart * 1000 + i * (DAY * 1000 / perDay) + r.nextInt(1000);
                cents = Math.max(100, cents + r.nextInt(41) - 20);
                rows.append(CsvRows.row(List.of(Long.toString(tsUs + 900), Long.toString(id), Long.toString(tsUs), Long.toString(tsUs),
                        Long.toString(id), BigDecimal.valueOf(cents, 2).toPlainString() + "000000", "0.01000000", "buy", "")));
                id++;
                if (i % ROWS_PER_MEMBER == ROWS_PER_MEMBER - 1 || i == perDay - 1) {
                    out.write(member(rows.toString()));
                    rows.setLength(0);
                }
            }
        }
        return cents;
    }

    /** One symbol's {@code bin/mm history} file of 1-minute candles over {@code days}, and a day directory so it is listed. */
    static long history(Path dataDir, String fs, long startMs, int days, long seed) throws IOException {
        Path symbolDir = dataDir.resolve("binance").resolve(fs);
        long endMs = startMs + days * DAY;
        Path file = symbolDir.resolve("history").resolve("candles_1m_" + startMs + "_" + endMs + ".csv.gz");
        Files.createDirectories(symbolDir.resolve(Instant.ofEpochMilli(startMs).atZone(ZoneOffset.UTC).toLocalDate().format(DayDirectory.DAY)));
        if (!Files.isRegularFile(file)) {
            SplittableRandom r = new SplittableRandom(seed);
            long cents = 100_000 + seed * 1000;
            List<Candle> candles = new ArrayList<>(days * 1440);
            for (long t = startMs; t < endMs; t += MIN) {
                cents = Math.max(100, cents + r.nextInt(41) - 20);
                String c = BigDecimal.valueOf(cents, 2).toPlainString() + "000000";
                candles.add(new Candle(t, t + MIN - 1, c, c, c, c, "1.00000000", 10, Candle.Source.EXCHANGE));
            }
            HistoryFiles.writeCandles(file, candles);
        }
        return Files.size(file);
    }

    private static byte[] member(String text) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }
}
