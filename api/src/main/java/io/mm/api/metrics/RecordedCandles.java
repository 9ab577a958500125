package io.mm.api.metrics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mm.core.Exchange;
import io.mm.core.candle.BadInputException;
import io.mm.core.candle.Candle;
import io.mm.core.candle.CandleBuilder;
import io.mm.core.candle.HistoryFiles;
import io.mm.core.candle.Interval;
import io.mm.core.contract.ContractFile;
import io.mm.core.contract.DayDirectory;
import io.mm.core.recorded.Coverage;
import io.mm.core.recorded.RecordedSymbol;
import io.mm.core.recorded.TradeFileCandles;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local candle closes built from the recorder's own {@code trades_ws} day files, as {@code bin/mm combine} builds
 * its local candles (core's {@code recorded} package: each file's share of overlapping trading-window days, partial
 * candles merged by trade time and id), and when the recorder listened (the events ledger's {@link Coverage}).
 *
 * <p>What a file gave is kept in memory, keyed by its size and modification time, and a closed day's candles (the
 * next day's trades began and the file stopped changing) are also kept on disk beside the recordings
 * ({@code history/recorded_<interval>_<YYYYMMDD>.csv.gz}, source {@code recorded}), so a day's trades are read once,
 * not once per process. A day being written is read up to its last complete gzip member and read again when it
 * grows; while one is (a torn last member, or a file modified in the last 15 minutes), nothing after the newest
 * trade read is trusted: its ledger may already be committed further than its trades. A file that cannot be read is
 * logged once and its days trusted to no local candle. Thread-safe.
 */
final class RecordedCandles {
    private static final Logger LOG = LoggerFactory.getLogger(RecordedCandles.class);
    private static final long DAY_MS = 86_400_000L;
    /** A trades file modified this recently may still be written. */
    static final long GROWING_MS = 15 * 60_000L;

    /** A file's content as of its size and modification time. */
    private record Stamp(long size, long modified) {
        static Stamp of(Path f) throws IOException {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            return new Stamp(a.size(), a.lastModifiedTime().toMillis());
        }

        /** The file's stamp, or null when there is no such file. */
        static Stamp orNull(Path f) throws IOException {
            try {
                return of(f);
            } catch (NoSuchFileException x) {
                return null;
            }
        }
    }

    /** Which ledgers, as of which stamps, a symbol's listening spans were stitched from. */
    private record Listening(Exchange exchange, List<Path> ledgers, List<Stamp> stamps) {}

    private record Listened(Listening key, Coverage coverage, List<long[]> unreadable) {}

    private record Ledger(Stamp stamp, List<RecordedSymbol.Event> events) {}

    private record FirstTrade(Stamp stamp, long tsUs) {}

    private record TradesKey(Path file, long intervalMs) {}

    /**
     * One file's share of candles at an interval: per interval open (oldest first) its close; {@code lastUs} the newest
     * trade read, {@code torn} whether the file ended in a torn gzip member, {@code error} why it could not be read
     * (nothing else is then set).
     */
    private record FileCloses(Stamp stamp, long untilUs, long[] opens, double[] closes, long lastUs, boolean torn, String error) {}

    /** What the recordings say about a symbol over a range: closes built from trades, and which intervals to trust. */
    record Local(TreeMap<Long, Double> closes, Coverage coverage, List<long[]> distrustMs) {
        static final Local NONE = new Local(new TreeMap<>(), Coverage.of(Exchange.BINANCE, List.of(), 0), List.of());

        /** Whether the recorder listened to all of {@code [fromMs, toMs)} and its trades there were read. */
        boolean covers(long fromMs, long toMs) {
            if (!coverage.covers(fromMs, toMs)) {
                return false;
            }
            for (long[] d : distrustMs) {
                if (fromMs < d[1] && toMs > d[0]) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Whether the ledger says the recorder did not listen to all of {@code [fromMs, toMs)}: a reconnect, a gap, no
         * run. False past what the ledger tells yet ({@link Coverage#knownUntilMs}).
         */
        boolean unlistened(long fromMs, long toMs) {
            return toMs <= coverage.knownUntilMs() && !coverage.covers(fromMs, toMs);
        }
    }

    private final Path dataDir;
    private final long marginMs;
    private final LongSupplier wallMillis;
    private final Map<Path, Ledger> ledgers = new ConcurrentHashMap<>();
    private final Map<Path, Listened> listening = new ConcurrentHashMap<>();
    private final Map<Path, FirstTrade> firstTrades = new ConcurrentHashMap<>();
    /** Bounded, the least recently used going first: a closed day let go is read again from its stored candles. */
    private final Cache<TradesKey, FileCloses> trades;
    private final java.util.concurrent.atomic.AtomicInteger tradeFilesRead = new java.util.concurrent.atomic.AtomicInteger();
    /** History directories a closed day's candles could not be written to: said once each. */
    private final java.util.Set<Path> unkept = ConcurrentHashMap.newKeySet();

    RecordedCandles(Path dataDir, long marginMs, LongSupplier wallMillis, long cacheBytes) {
        this.dataDir = dataDir;
        this.marginMs = marginMs;
        this.wallMillis = wallMillis;
        this.trades = Caffeine.newBuilder().maximumWeight(cacheBytes).executor(Runnable::run)
                .<TradesKey, FileCloses>weigher((k, c) -> 96 + (c.opens == null ? 0 : 16 * c.opens.length)).build();
    }

    long cachedBytes() {
        return trades.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    /** The recorded closes of intervals opening in {@code [startMs, endMs)} and when the recorder listened. */
    Local load(Exchange e, String symbolFs, Interval iv, long startMs, long endMs) throws IOException {
        Path symbolDir = dataDir.resolve(e.id()).resolve(symbolFs);
        if (!Files.isDirectory(symbolDir)) {
            return Local.NONE;
        }
        List<Path> ledgerFiles = new ArrayList<>();
        List<Stamp> ledgerStamps = new ArrayList<>();
        List<Path> tradeFiles = new ArrayList<>();
        for (Path d : RecordedSymbol.days(symbolDir, startMs, endMs)) {
            String day = d.getFileName().toString();
            Path ev = d.resolve(ContractFile.EVENTS.relativePath(symbolFs, day));
            ledgerFiles.add(ev);
            ledgerStamps.add(Stamp.orNull(ev));
            Path t = d.resolve(ContractFile.TRADES.relativePath(symbolFs, day));
            if (Files.isRegularFile(t)) {
                tradeFiles.add(t);
            }
        }
        List<long[]> distrust = new ArrayList<>();
        Listening key = new Listening(e, ledgerFiles, ledgerStamps);
        Listened listened = listening.get(symbolDir);
        if (listened == null || !listened.key.equals(key)) {
            // the ledgers changed (today's grew): stitch the days again, from what each ledger gave
            List<List<RecordedSymbol.Event>> events = new ArrayList<>();
            List<long[]> unreadable = new ArrayList<>();
            for (int i = 0; i < ledgerFiles.size(); i++) {
                List<RecordedSymbol.Event> day = ledger(ledgerFiles.get(i), ledgerStamps.get(i));
                if (day == null) {
                    unreadable.add(new long[] {dayStart(ledgerFiles.get(i)) - DAY_MS, dayStart(ledgerFiles.get(i)) + 2 * DAY_MS});
                } else {
                    events.add(day);
                }
            }
            listened = new Listened(key, Coverage.of(e, RecordedSymbol.stitch(events), marginMs), unreadable);
            listening.put(symbolDir, listened);
        }
        Coverage coverage = listened.coverage;
        distrust.addAll(listened.unreadable);
        Map<Path, Long> cutoffs = TradeFileCandles.cutoffs(tradeFiles, this::firstTrade);
        // the days not read yet (a first load, or today's file grown) are read in parallel; the merge below is in day order
        try {
            tradeFiles.parallelStream().forEach(f -> {
                try {
                    closes(f, iv, cutoffs.get(f));
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
            });
        } catch (UncheckedIOException x) {
            throw x.getCause();
        }
        TreeMap<Long, Double> closes = new TreeMap<>();
        long now = wallMillis.getAsLong();
        boolean growing = false;
        long newestUs = -1;
        for (Path f : tradeFiles) {
            long untilUs = cutoffs.get(f);
            FileCloses c = closes(f, iv, untilUs);
            if (c.error != null) {
                distrust.add(dayShare(f, untilUs));
                continue;
            }
            growing |= c.torn || now - c.stamp.modified < GROWING_MS;
            newestUs = Math.max(newestUs, c.lastUs);
            for (int i = 0; i < c.opens.length; i++) {
                long o = c.opens[i];
                if (o < startMs || o >= endMs) {
                    continue;
                }
                // a file's share ends where the next day's first trade starts, so only the interval holding that cut
                // has partials in two files, and the later file holds its close
                closes.put(o, c.closes[i]);
            }
        }
        if (growing) {
            // what is being written is known up to the newest trade read: its ledger may be committed further
            distrust.add(new long[] {newestUs < 0 ? Long.MIN_VALUE : Math.floorDiv(newestUs, 1000), Long.MAX_VALUE});
        }
        return new Local(closes, coverage, distrust);
    }

    /**
     * Where a trades file that cannot be read may have held trades: from the day before its date up to its cutoff.
     * (An unreadable ledger's day is distrusted from the day before its date to two days after: its trading window.)
     */
    private static long[] dayShare(Path tradeFile, long untilUs) {
        return new long[] {dayStart(tradeFile) - DAY_MS, untilUs == Long.MAX_VALUE ? Long.MAX_VALUE : Math.floorDiv(untilUs, 1000) + 1};
    }

    /** The start of the date of the day directory holding {@code dayFile}, UTC. */
    private static long dayStart(Path dayFile) {
        String day = dayFile.getParent().getFileName().toString();
        return LocalDate.parse(day, DayDirectory.DAY).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** One day's ledger rows (none when it has no ledger yet), or null when it cannot be read. */
    private List<RecordedSymbol.Event> ledger(Path f, Stamp s) throws IOException {
        if (s == null) {
            return List.of();
        }
        Ledger l = ledgers.get(f);
        if (l != null && l.stamp.equals(s)) {
            return l.events;
        }
        List<RecordedSymbol.Event> events;
        try {
            events = Coverage.essentials(RecordedSymbol.events(f, true));
        } catch (BadInputException x) {
            LOG.warn("{}: events ledger unreadable, its days give no local candles: {}", f, x.getMessage());
            events = null;
        }
        ledgers.put(f, new Ledger(s, events));
        return events;
    }

    private long firstTrade(Path f) throws IOException {
        Stamp s = Stamp.of(f);
        FirstTrade t = firstTrades.get(f);
        if (t == null || !t.stamp.equals(s)) {
            long us;
            try {
                us = TradeFileCandles.firstTradeUs(f, true);
            } catch (BadInputException x) {
                us = -1; // named when its candles are read
            }
            t = new FirstTrade(s, us);
            firstTrades.put(f, t);
        }
        return t.tsUs;
    }

    private FileCloses closes(Path f, Interval iv, long untilUs) throws IOException {
        Stamp s = Stamp.of(f);
        TradesKey key = new TradesKey(f, iv.millis());
        FileCloses c = trades.getIfPresent(key);
        if (c != null && c.stamp.equals(s) && c.untilUs == untilUs) {
            return c;
        }
        // a day is closed once the next day's trades began (its share of the overlap is final) and it stopped changing
        boolean closed = untilUs != Long.MAX_VALUE && wallMillis.getAsLong() - s.modified >= GROWING_MS;
        Path kept = kept(f, iv);
        c = closed ? readKept(kept, s, untilUs) : null;
        if (c == null) {
            try {
                try {
                    c = read(f, s, iv, untilUs, false, closed ? kept : null);
                } catch (BadInputException x) {
                    if (!(x.getCause() instanceof EOFException)) {
                        throw x;
                    }
                    c = read(f, s, iv, untilUs, true, null); // a commit is appending a member: read the complete ones
                }
            } catch (BadInputException x) {
                LOG.warn("{}: trades unreadable, its days give no local candles: {}", f, x.getMessage());
                c = new FileCloses(s, untilUs, null, null, -1, false, x.getMessage());
            }
        }
        trades.put(key, c);
        return c;
    }

    /** Where a closed day's candles are kept: {@code <symbol>/history/recorded_<interval>_<YYYYMMDD>.csv.gz}. */
    static Path kept(Path tradeFile, Interval iv) {
        Path day = tradeFile.getParent();
        return day.getParent().resolve("history").resolve("recorded_" + iv.name() + "_" + day.getFileName() + ".csv.gz");
    }

    /** The kept candles of a closed day, or null when there are none written since its trades file last changed. */
    private static FileCloses readKept(Path kept, Stamp trades, long untilUs) throws IOException {
        Stamp k = Stamp.orNull(kept);
        if (k == null || k.modified < trades.modified) {
            return null;
        }
        List<Candle> rows;
        try {
            rows = HistoryFiles.readCandles(kept);
        } catch (BadInputException x) {
            LOG.warn("{}: unreadable, its day is read from the trades again: {}", kept, x.getMessage());
            return null;
        }
        long[] opens = new long[rows.size()];
        double[] closes = new double[rows.size()];
        for (int i = 0; i < opens.length; i++) {
            opens[i] = rows.get(i).openMs();
            closes[i] = Double.parseDouble(rows.get(i).close());
        }
        long lastUs = opens.length == 0 ? -1 : opens[opens.length - 1] * 1000;
        return new FileCloses(trades, untilUs, opens, closes, lastUs, false, null);
    }

    /** Reads one file's share; {@code keep}: where to keep the candles of a closed day (null: not closed). */
    private FileCloses read(Path f, Stamp s, Interval iv, long untilUs, boolean growing, Path keep) throws IOException {
        tradeFilesRead.incrementAndGet();
        TreeMap<Long, CandleBuilder> byOpen = new TreeMap<>();
        long lastUs = -1;
        InputStream raw = Files.newInputStream(f);
        try (TradeFileCandles partials = new TradeFileCandles(raw, f.toString(), growing, Long.MIN_VALUE, untilUs, iv.millis())) {
            CandleBuilder b;
            while ((b = partials.next()) != null) {
                lastUs = Math.max(lastUs, b.lastTs);
                CandleBuilder had = byOpen.putIfAbsent(b.openMs, b);
                if (had != null) {
                    had.merge(b);
                }
            }
        }
        int n = byOpen.size();
        long[] opens = new long[n];
        double[] closes = new double[n];
        List<Candle> candles = keep == null ? null : new ArrayList<>(n);
        int i = 0;
        for (CandleBuilder b : byOpen.values()) {
            opens[i] = b.openMs;
            closes[i] = Double.parseDouble(b.close);
            if (candles != null) {
                candles.add(b.build(b.openMs, iv, Candle.Source.RECORDED));
            }
            i++;
        }
        if (candles != null) {
            try {
                HistoryFiles.writeCandles(keep, candles);
            } catch (IOException x) {
                // DATA_DIR may be read-only to serving: the day is read from its trades again after a restart
                if (unkept.add(keep.getParent())) {
                    LOG.warn("{}: closed days' candles cannot be kept there ({}): they are kept in memory, and read from the trades "
                            + "again after a restart", keep.getParent(), x.getMessage());
                }
            }
        }
        return new FileCloses(s, untilUs, opens, closes, lastUs, growing, null);
    }

    /** How many trades files were read (not answered from what was kept): for tests. */
    int tradeFilesRead() {
        return tradeFilesRead.get();
    }
}
