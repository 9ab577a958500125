package io.mm.bench;

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
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * A Binance symbol's recorded days for the benchmarks, the way the recorder leaves them: {@code trades_ws} files in
 * gzip members of 500 rows (one per commit) and a ledger of one run that listened throughout ({@code ws_open} on
 * the first day, a heartbeat a minute, {@code run_end} after the last). The files are dated a day back: closed days.
 */
final class GeneratedRecording {
    static final long DAY_MS = 86_400_000L;
    private static final int ROWS_PER_MEMBER = 500;

    /** Sees every trade written, in time order (for example to build the exchange's candles of the same trades). */
    interface TradeSeen {
        void trade(long tsUs, long id, String price, String qty);
    }

    private GeneratedRecording() {}

    /** Writes {@code days} days from {@code startMs} with a random walk from {@code seed}; the trades files, oldest first. */
    static List<Path> write(Path dataDir, String symbolFs, long startMs, int days, long tradesPerDay, long seed, TradeSeen seen)
            throws IOException {
        Path symbolDir = dataDir.resolve("binance").resolve(symbolFs);
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] walk = {6_000_000 + seed * 1000, 1}; // price in cents, next trade id
        List<Path> files = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            long dayStart = startMs + d * DAY_MS;
            String day = Instant.ofEpochMilli(dayStart).atZone(ZoneOffset.UTC).toLocalDate().format(DayDirectory.DAY);
            Path dayDir = Files.createDirectories(symbolDir.resolve(day));
            Path trades = dayDir.resolve(ContractFile.TRADES.relativePath(symbolFs, day));
            writeTrades(trades, dayStart, tradesPerDay, rnd, walk, seen);
            Files.write(dayDir.resolve(ContractFile.EVENTS.relativePath(symbolFs, day)), member(ledger(dayStart, d == 0, d == days - 1)));
            Files.setLastModifiedTime(trades, FileTime.fromMillis(System.currentTimeMillis() - DAY_MS));
            files.add(trades);
        }
        return files;
    }

    private static void writeTrades(Path file, long dayStart, long perDay, SplittableRandom rnd, long[] walk, TradeSeen seen)
            throws IOException {
        StringBuilder rows = new StringBuilder(1 << 16);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(member(ContractFile.TRADES.headerLine(0)));
            for (long i = 0; i < perDay; i++) {
                long tsUs = dayStart * 1000 + i * (DAY_MS * 1000 / perDay);
                walk[0] = Math.max(100, walk[0] + rnd.nextInt(5) - 2);
                long id = walk[1]++;
                String px = BigDecimal.valueOf(walk[0], 2).toPlainString() + "000000";
                String qty = BigDecimal.valueOf(1 + rnd.nextInt(500_000), 8).toPlainString();
                rows.append(tsUs + 1500).append(',').append(id).append(',').append(tsUs).append(',').append(tsUs).append(',').append(id)
                        .append(',').append(px).append(',').append(qty).append(',').append(rnd.nextBoolean() ? "buy" : "sell").append(",\n");
                if (seen != null) {
                    seen.trade(tsUs, id, px, qty);
                }
                if (i % ROWS_PER_MEMBER == ROWS_PER_MEMBER - 1 || i == perDay - 1) {
                    out.write(member(rows.toString()));
                    rows.setLength(0);
                }
            }
        }
    }

    private static String ledger(long dayStart, boolean first, boolean last) {
        StringBuilder ev = new StringBuilder(ContractFile.EVENTS.headerLine(0));
        if (first) {
            ev.append(CsvRows.row(List.of("0", Long.toString(dayStart * 1000 - 5_000_000), "0", "bench", "1", "ws_open", "SYNCED", "", "{}")));
        }
        for (int m = 0; m < 1440; m++) {
            ev.append(CsvRows.row(List.of(Integer.toString(m + 1), Long.toString((dayStart + m * 60_000L) * 1000 + 1), "0", "bench", "1",
                    "heartbeat", "SYNCED", "", "{}")));
        }
        if (last) {
            ev.append(CsvRows.row(List.of("9999", Long.toString((dayStart + DAY_MS) * 1000 + 5_000_000), "0", "bench", "1", "run_end",
                    "STOPPED", "", "{}")));
        }
        return ev.toString();
    }

    private static byte[] member(String text) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }
}
