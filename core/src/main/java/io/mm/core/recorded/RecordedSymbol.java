package io.mm.core.recorded;

import io.mm.core.candle.BadInputException;
import io.mm.core.candle.HistoryFiles;
import io.mm.core.Exchange;
import io.mm.core.contract.ContractFile;
import io.mm.core.contract.DayDirectory;
import io.mm.core.contract.SymbolFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the recorder left for one symbol over a time range: the day directories that can hold it (a trading-window
 * day may start the evening before its date and end up to {@code WINDOW_END_DAY_OFFSET} = 7 days after it, so
 * eight days are added before the range and one after), their {@code trades_ws} files, and their events and gaps
 * rows, stitched together in time order. {@code bin/mm combine} reads it whole; the metrics read it day by day
 * ({@link #days}, {@link #events}, {@link #stitch}) to keep what closed days gave.
 */
public final class RecordedSymbol {
    /** One events row: what the coverage and the gap report need. */
    public record Event(long tsUs, String type, String details) {}

    /** One gaps row. */
    public record GapRow(long tsUs, String kind, String expected, String got, String details) {}

    private final Exchange exchange;
    private final String symbol;
    private final List<Path> days;
    private final List<Path> tradeFiles = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final List<GapRow> gaps = new ArrayList<>();

    private RecordedSymbol(Exchange exchange, String symbol, List<Path> days) {
        this.exchange = exchange;
        this.symbol = symbol;
        this.days = days;
    }

    /**
     * @throws IOException naming the file and line of an unreadable ledger, or when no day directory of the
     *                     symbol lies near the range
     */
    public static RecordedSymbol read(Path dataDir, Exchange exchange, String symbol, long startMs, long endMs) throws IOException {
        String fs = SymbolFs.of(exchange, symbol);
        Path symbolDir = dataDir.resolve(exchange.id()).resolve(fs);
        if (!Files.isDirectory(symbolDir)) {
            throw new BadInputException("no recordings of " + exchange.id() + " " + symbol + ": " + symbolDir + " is not a directory");
        }
        List<Path> days = days(symbolDir, startMs, endMs);
        RecordedSymbol r = new RecordedSymbol(exchange, symbol, days);
        List<List<Event>> events = new ArrayList<>();
        for (Path d : days) {
            String day = d.getFileName().toString();
            Path trades = d.resolve(ContractFile.TRADES.relativePath(fs, day));
            if (Files.isRegularFile(trades)) {
                r.tradeFiles.add(trades);
            }
            Path ev = d.resolve(ContractFile.EVENTS.relativePath(fs, day));
            if (Files.isRegularFile(ev)) {
                events.add(events(ev, false));
            }
            Path gp = d.resolve(ContractFile.GAPS.relativePath(fs, day));
            if (Files.isRegularFile(gp)) {
                HistoryFiles.readGzipCsv(gp, ContractFile.GAPS_COLUMNS, rec -> r.gaps.add(new GapRow(Long.parseLong(rec.get("ts_us")), rec.get("kind"),
                        rec.get("expected"), rec.get("got"), rec.get("details"))));
            }
        }
        r.events.addAll(stitch(events));
        dedupe(r.gaps);
        r.gaps.sort(Comparator.comparingLong(GapRow::tsUs));
        return r;
    }

    /**
     * The day directories of {@code symbolDir} that can hold {@code [startMs, endMs)}, in day order: a trading-window
     * day starts at most a day before its date and ends at most {@code WINDOW_END_DAY_OFFSET} = 7 days after it.
     */
    public static List<Path> days(Path symbolDir, long startMs, long endMs) throws IOException {
        LocalDate first = LocalDate.ofInstant(java.time.Instant.ofEpochMilli(startMs), ZoneOffset.UTC).minusDays(8);
        LocalDate last = LocalDate.ofInstant(java.time.Instant.ofEpochMilli(endMs), ZoneOffset.UTC).plusDays(1);
        List<Path> days = new ArrayList<>();
        try (Stream<Path> s = Files.list(symbolDir)) {
            for (Path d : s.sorted().toList()) {
                String name = d.getFileName().toString();
                if (!Files.isDirectory(d) || !name.matches("\\d{8}")) {
                    continue;
                }
                LocalDate day;
                try {
                    day = LocalDate.parse(name, DayDirectory.DAY);
                } catch (DateTimeParseException e) {
                    continue;
                }
                if (!day.isBefore(first) && !day.isAfter(last)) {
                    days.add(d);
                }
            }
        }
        return days;
    }

    /**
     * One day's events ledger; {@code growing}: only its complete gzip members (a day the recorder is writing).
     *
     * @throws BadInputException naming the file and line of a row that is not a ledger row
     */
    public static List<Event> events(Path eventsFile, boolean growing) throws IOException {
        List<Event> out = new ArrayList<>();
        HistoryFiles.readGzipCsv(eventsFile, ContractFile.EVENTS_COLUMNS, rec -> out.add(new Event(Long.parseLong(rec.get("ts_us")),
                rec.get("type"), rec.get("details"))), growing);
        return out;
    }

    /**
     * The ledgers of several days (in day order) as one: merged by time, the earlier day first at equal times, each
     * ledger's rows in its own order (a row stamped at the socket can be older than a timer's row written before it:
     * sorting would move a new day's first socket row before the old day's last rows); rows that overlapping days
     * (a trading window longer than a day) both hold are taken once.
     */
    public static List<Event> stitch(List<List<Event>> days) {
        List<Event> all = new ArrayList<>();
        Set<Event> seen = new HashSet<>();
        int[] next = new int[days.size()];
        while (true) {
            int from = -1;
            for (int d = 0; d < days.size(); d++) {
                if (next[d] < days.get(d).size()
                        && (from < 0 || days.get(d).get(next[d]).tsUs() < days.get(from).get(next[from]).tsUs())) {
                    from = d;
                }
            }
            if (from < 0) {
                return all;
            }
            Event e = days.get(from).get(next[from]++);
            if (seen.add(e)) {
                all.add(e);
            }
        }
    }

    private static <T> void dedupe(List<T> rows) {
        Set<T> seen = new HashSet<>();
        rows.removeIf(x -> !seen.add(x));
    }

    public Exchange exchange() {
        return exchange;
    }

    public String symbol() {
        return symbol;
    }

    public List<Path> days() {
        return days;
    }

    public List<Path> tradeFiles() {
        return tradeFiles;
    }

    public List<Event> events() {
        return events;
    }

    public List<GapRow> gaps() {
        return gaps;
    }
}
