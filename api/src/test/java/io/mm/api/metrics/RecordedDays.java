package io.mm.api.metrics;

import io.mm.core.contract.ContractFile;
import io.mm.core.contract.CsvRows;
import io.mm.core.contract.DayDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * A symbol's recorded day directories written the way the recorder's committer writes them: a header, then rows in
 * gzip members appended one per commit ({@code trades_ws}, {@code events}), and trading-window days that overlap
 * (each day's window runs to 00:15 the next day, so those trades are in both days' files).
 */
final class RecordedDays {
    static final long MIN = 60_000;
    static final long DAY = 86_400_000L;
    /** Rows per gzip member: the recorder appends one member per commit. */
    private static final int ROWS_PER_MEMBER = 500;

    /** One trade: time, id, price text. */
    record Trade(long tsUs, long id, String price) {}

    private final Path symbolDir;
    private final String symbolFs;
    final List<Trade> trades = new ArrayList<>();
    /** Events rows by ts_us: type, details. */
    final TreeMap<Long, String[]> events = new TreeMap<>();

    RecordedDays(Path dataDir, String exchange, String symbolFs) {
        this.symbolDir = dataDir.resolve(exchange).resolve(symbolFs);
        this.symbolFs = symbolFs;
    }

    /** A random walk of trades in {@code [fromMs, toMs)}, one every few seconds, with quiet minutes now and then. */
    RecordedDays walk(long fromMs, long toMs, long seed) {
        Random r = new Random(seed);
        long id = trades.isEmpty() ? 1000 : trades.get(trades.size() - 1).id + 1;
        long cents = 100_000 + seed * 1000;
        for (long t = fromMs * 1000; t < toMs * 1000; t += (1 + r.nextInt(9)) * 1_000_000L + r.nextInt(1000)) {
            if (r.nextInt(400) == 0) {
                t += 3 * MIN * 1000; // a quiet spell: whole minutes without a trade
                continue;
            }
            cents = Math.max(100, cents + r.nextInt(41) - 20);
            trades.add(new Trade(t, id++, BigDecimal.valueOf(cents, 2).toPlainString() + "000000"));
        }
        return this;
    }

    RecordedDays event(long ms, String type, String details) {
        events.put(ms * 1000 + events.size() % 1000, new String[] {type, details});
        return this;
    }

    /** The last price per interval open, by (time, id): what a candle's close is. */
    TreeMap<Long, String> closes(long intervalMs) {
        TreeMap<Long, String> out = new TreeMap<>();
        TreeMap<Long, long[]> at = new TreeMap<>();
        for (Trade t : trades) {
            long o = Math.floorDiv(t.tsUs / 1000, intervalMs) * intervalMs;
            long[] was = at.get(o);
            if (was == null || t.tsUs > was[0] || (t.tsUs == was[0] && t.id > was[1])) {
                at.put(o, new long[] {t.tsUs, t.id});
                out.put(o, t.price);
            }
        }
        return out;
    }

    /**
     * Writes every day the rows touch: day D's window is {@code [D 00:00, D+1 00:15)}; returns the trades files by
     * day. Files are dated {@code modifiedMs}.
     */
    Map<String, Path> write(long modifiedMs) throws IOException {
        TreeMap<String, List<String>> tradeRows = new TreeMap<>();
        TreeMap<String, List<String>> eventRows = new TreeMap<>();
        for (Trade t : trades) {
            for (String day : days(t.tsUs / 1000)) {
                tradeRows.computeIfAbsent(day, d -> new ArrayList<>()).add(CsvRows.row(List.of(Long.toString(t.tsUs + 900), Long.toString(t.id),
                        Long.toString(t.tsUs), Long.toString(t.tsUs), Long.toString(t.id), t.price, "0.01000000", "buy", "")));
            }
        }
        long seq = 0;
        for (Map.Entry<Long, String[]> e : events.entrySet()) {
            seq++;
            for (String day : days(e.getKey() / 1000)) {
                eventRows.computeIfAbsent(day, d -> new ArrayList<>()).add(CsvRows.row(List.of(Long.toString(seq), Long.toString(e.getKey()),
                        Long.toString(seq), "test", "1", e.getValue()[0], "SYNCED", "", e.getValue()[1])));
            }
        }
        Map<String, Path> out = new TreeMap<>();
        for (Map.Entry<String, List<String>> d : tradeRows.entrySet()) {
            out.put(d.getKey(), file(ContractFile.TRADES, d.getKey(), d.getValue(), modifiedMs));
        }
        for (Map.Entry<String, List<String>> d : eventRows.entrySet()) {
            file(ContractFile.EVENTS, d.getKey(), d.getValue(), modifiedMs);
        }
        return out;
    }

    /** The trading days whose window holds {@code ms}: its date, and the day before until 00:15. */
    private static List<String> days(long ms) {
        LocalDate d = Instant.ofEpochMilli(ms).atZone(ZoneOffset.UTC).toLocalDate();
        List<String> out = new ArrayList<>(2);
        if (Math.floorMod(ms, DAY) < 15 * MIN) {
            out.add(d.minusDays(1).format(DayDirectory.DAY));
        }
        out.add(d.format(DayDirectory.DAY));
        return out;
    }

    private Path file(ContractFile kind, String day, List<String> rows, long modifiedMs) throws IOException {
        Path dir = symbolDir.resolve(day);
        Files.createDirectories(dir);
        Path f = dir.resolve(kind.relativePath(symbolFs, day));
        Files.write(f, member(kind.headerLine(0)));
        for (int i = 0; i < rows.size(); i += ROWS_PER_MEMBER) {
            Files.write(f, member(String.join("", rows.subList(i, Math.min(rows.size(), i + ROWS_PER_MEMBER)))), StandardOpenOption.APPEND);
        }
        Files.setLastModifiedTime(f, FileTime.fromMillis(modifiedMs));
        return f;
    }

    static byte[] member(String text) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }
}
