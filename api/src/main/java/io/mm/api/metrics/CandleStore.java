package io.mm.api.metrics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mm.core.Exchange;
import io.mm.core.candle.BadInputException;
import io.mm.core.candle.Candle;
import io.mm.core.candle.CandleSource;
import io.mm.core.candle.HistoryFiles;
import io.mm.core.candle.Interval;
import io.mm.core.recorded.TrustRule;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Candle closes from what is on disk beside the recordings, for each interval in this order: a local candle built
 * from the recorder's own {@code trades_ws} files where its events ledger shows it listened to the whole interval
 * (as {@code bin/mm combine} builds them: {@link RecordedCandles}; such an interval without trades is the exchange's
 * kind of empty candle, at the previous close for Binance and Kraken) or a local one from {@code bin/mm combine}'s
 * {@code combined_*} files; then the exchange's candles from {@code candles_*} ({@code bin/mm history}) and
 * {@code combined_*} files in {@code <symbol>/history/}. A file's name says the range it covers; what neither the
 * recordings nor a file covers is missing, and {@link #fetchMissing} fetches the closed part of it from the exchange
 * and stores it as a {@code candles_*} file for next time (in this process's memory when the directory is read-only
 * to it). Files are read once and kept (until they change) within a bounded cache, the least recently used going
 * first: a server that runs for months keeps a few hundred MB at most, and reads again what it let go. Thread-safe.
 */
public final class CandleStore {
    private static final Logger LOG = LoggerFactory.getLogger(CandleStore.class);
    private static final Pattern NAME = Pattern.compile("(candles|combined)_([0-9a-zA-Z]+)_(\\d+)_(\\d+)\\.csv\\.gz");
    /** {@code bin/mm combine}'s default {@code COVERAGE_MARGIN_MS}. */
    public static final long DEFAULT_MARGIN_MS = 1000;
    /** {@code METRICS_CACHE_MB}'s default: what the files read may keep in memory, half of it for recorded days. */
    public static final long DEFAULT_CACHE_BYTES = 256L << 20;

    /** One file's rows: open times, closes and whether each is local, oldest first; none, and unusable, for a bad file. */
    private record FileRows(long size, long modified, long[] opens, double[] closes, boolean[] local, boolean usable) {}

    /**
     * Closes by interval open, the spans of the range that nothing on disk covers, how many candles came from local
     * data (recorded trades and {@code combined_*} local rows) and from the exchange's files, and by interval open
     * whether the live trades may give its close: not where the events ledger shows the recorder missed some of its
     * trades (a reconnect, a gap), so such an interval stays missing and is fetched.
     */
    public record Series(TreeMap<Long, Double> closes, List<long[]> missing, int localCandles, int exchangeCandles,
                         LongPredicate liveMayFill) {}

    private final Path dataDir;
    private final CandleSource source;
    private final RecordedCandles recorded;
    private final Cache<Path, FileRows> cache;
    /** Fetched candles a read-only history directory could not keep, by the file name they would have had. */
    private final Map<Path, FileRows> unwritten = new ConcurrentHashMap<>();

    public CandleStore(Path dataDir, CandleSource source) {
        this(dataDir, source, DEFAULT_MARGIN_MS);
    }

    /** @param marginMs the recorder's listening spans are shrunk by this at both ends, as combine's {@code COVERAGE_MARGIN_MS} */
    public CandleStore(Path dataDir, CandleSource source, long marginMs) {
        this(dataDir, source, marginMs, DEFAULT_CACHE_BYTES);
    }

    /** @param cacheBytes what the files read may keep in memory (about: 17 bytes a candle), half of it for recorded days */
    public CandleStore(Path dataDir, CandleSource source, long marginMs, long cacheBytes) {
        this.dataDir = dataDir;
        this.source = source;
        this.recorded = new RecordedCandles(dataDir, marginMs, System::currentTimeMillis, cacheBytes / 2);
        this.cache = Caffeine.newBuilder().maximumWeight(cacheBytes - cacheBytes / 2).executor(Runnable::run)
                .<Path, FileRows>weigher((f, r) -> 64 + 17 * r.opens.length).build();
    }

    /** About how many bytes the cached files hold. */
    long cachedBytes() {
        return cache.policy().eviction().orElseThrow().weightedSize().orElse(0) + recorded.cachedBytes();
    }

    RecordedCandles recorded() {
        return recorded;
    }

    public boolean canFetch() {
        return source != null;
    }

    private Path historyDir(Exchange e, String symbolFs) {
        return dataDir.resolve(e.id()).resolve(symbolFs).resolve("history");
    }

    /** The closes on disk for intervals opening in {@code [startMs, endMs)}. */
    public Series load(Exchange e, String symbolFs, Interval iv, long startMs, long endMs) throws IOException {
        long step = iv.millis();
        long first = iv.floor(startMs) < startMs ? iv.floor(startMs) + step : startMs;
        Map<Long, Double> exchange = new HashMap<>();
        Map<Long, Double> localFiles = new HashMap<>();
        List<long[]> covered = new ArrayList<>();
        Path dir = historyDir(e, symbolFs);
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*_" + iv.name() + "_*.csv.gz")) {
                ds.forEach(files::add);
            }
        }
        for (Path f : unwritten.keySet()) {
            if (f.getParent().equals(dir)) {
                files.add(f);
            }
        }
        files.sort(null);
        for (Path f : files) {
            Matcher m = NAME.matcher(f.getFileName().toString());
            if (!m.matches() || !m.group(2).equals(iv.name())) {
                continue;
            }
            long s = Long.parseLong(m.group(3));
            long t = Long.parseLong(m.group(4));
            if (t <= startMs || s >= endMs) {
                continue;
            }
            FileRows kept = unwritten.get(f);
            FileRows rows = kept != null ? kept : rows(f);
            if (!rows.usable) {
                continue; // its span is missing: fetched again where a source is wired in
            }
            covered.add(new long[] {Math.max(s, startMs), Math.min(t, endMs)});
            for (int i = 0; i < rows.opens.length; i++) {
                long o = rows.opens[i];
                if (o >= startMs && o < endMs) {
                    (rows.local[i] ? localFiles : exchange).put(o, rows.closes[i]);
                }
            }
        }
        RecordedCandles.Local rec = recorded.load(e, symbolFs, iv, first, endMs);
        TreeMap<Long, Double> closes = new TreeMap<>();
        int local = 0;
        int fromExchange = 0;
        Double prev = null;
        long listenedFrom = -1;
        for (long o = first; o < endMs; o += step) {
            boolean listened = rec.covers(o, o + step);
            Double built = rec.closes().get(o);
            Double c;
            switch (TrustRule.of(e, listened, built != null, prev != null)) {
                case TRADES -> c = built;
                case EMPTY -> c = prev;
                default -> c = null;
            }
            if (c != null) {
                local++;
            } else if ((c = localFiles.get(o)) != null) {
                local++;
            } else if ((c = exchange.get(o)) != null) {
                fromExchange++;
            }
            if (c != null) {
                closes.put(o, c);
                prev = c;
            }
            // what the recorder listened to is known, with or without a candle
            if (listened && listenedFrom < 0) {
                listenedFrom = o;
            } else if (!listened && listenedFrom >= 0) {
                covered.add(new long[] {listenedFrom, o});
                listenedFrom = -1;
            }
        }
        if (listenedFrom >= 0) {
            covered.add(new long[] {listenedFrom, endMs});
        }
        return new Series(closes, missing(covered, iv.floor(startMs), endMs), local, fromExchange, o -> !rec.unlistened(o, o + step));
    }

    /**
     * Fetches the closed part of each missing span (intervals ending before {@code nowMs}) and stores it; the number
     * of candles fetched. Without a source nothing is fetched.
     */
    public int fetchMissing(Exchange e, String symbolFs, String symbol, Interval iv, List<long[]> missing, long nowMs) throws IOException {
        if (source == null) {
            return 0;
        }
        int n = 0;
        long closedEnd = iv.floor(nowMs);
        for (long[] span : missing) {
            long s = iv.floor(span[0]);
            long t = Math.min(span[1], closedEnd);
            if (t <= s) {
                continue;
            }
            List<Candle> got = source.candles(e, symbol, iv, s, t);
            Path f = historyDir(e, symbolFs).resolve("candles_" + iv.name() + "_" + s + "_" + t + ".csv.gz");
            try {
                HistoryFiles.writeCandles(f, got);
                LOG.info("{}/{}: {} {} candles fetched for {}..{} into {}", e.id(), symbolFs, got.size(), iv, s, t, f.getFileName());
            } catch (IOException x) {
                // serving may see DATA_DIR read-only: what was fetched still counts, for this process
                unwritten.put(f, rows(got, -1, -1));
                LOG.warn("{}/{}: {} {} candles fetched for {}..{} are kept in memory only: {}", e.id(), symbolFs, got.size(), iv, s, t,
                        x.getMessage());
            }
            n += got.size();
        }
        return n;
    }

    private FileRows rows(Path f) throws IOException {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        FileRows cached = cache.getIfPresent(f);
        if (cached != null && cached.size == a.size() && cached.modified == a.lastModifiedTime().toMillis()) {
            return cached;
        }
        FileRows r;
        try {
            r = rows(HistoryFiles.readCandles(f), a.size(), a.lastModifiedTime().toMillis());
        } catch (BadInputException | NumberFormatException x) {
            // one bad file costs its own span only, and is named once (until it changes)
            LOG.warn("{}: unusable, its span is treated as missing: {}", f,
                    x instanceof NumberFormatException ? "a close that is not a number (" + x.getMessage() + ")" : x.getMessage());
            r = new FileRows(a.size(), a.lastModifiedTime().toMillis(), new long[0], new double[0], new boolean[0], false);
        }
        cache.put(f, r);
        return r;
    }

    private static FileRows rows(List<Candle> candles, long size, long modified) {
        long[] opens = new long[candles.size()];
        double[] closes = new double[candles.size()];
        boolean[] local = new boolean[candles.size()];
        for (int i = 0; i < opens.length; i++) {
            Candle c = candles.get(i);
            opens[i] = c.openMs();
            closes[i] = Double.parseDouble(c.close());
            local[i] = c.source() == Candle.Source.LOCAL;
        }
        return new FileRows(size, modified, opens, closes, local, true);
    }

    /** {@code [start, end)} minus the covered spans. */
    static List<long[]> missing(List<long[]> covered, long start, long end) {
        covered.sort((x, y) -> Long.compare(x[0], y[0]));
        List<long[]> out = new ArrayList<>();
        long at = start;
        for (long[] c : covered) {
            if (c[0] > at) {
                out.add(new long[] {at, Math.min(c[0], end)});
            }
            at = Math.max(at, c[1]);
            if (at >= end) {
                break;
            }
        }
        if (at < end) {
            out.add(new long[] {at, end});
        }
        return out;
    }
}
