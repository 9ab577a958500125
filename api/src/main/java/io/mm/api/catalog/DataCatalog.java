package io.mm.api.catalog;

import io.mm.core.Exchange;
import io.mm.core.contract.SymbolFs;
import io.mm.core.kraken.KrakenLegacyNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * What is recorded under {@code DATA_DIR}, found by listing it: exchanges, their symbols ({@code SYMBOL_FS}
 * directories) and each symbol's newest day. Requests name an exchange and a symbol; both are looked up here
 * and never joined into a path as given, so a request can only reach what a listing found. Thread-safe.
 */
public final class DataCatalog {
    /** Longest symbol a request may name. */
    public static final int MAX_SYMBOL = 40;
    private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9/:_ -]{1," + MAX_SYMBOL + "}");
    private static final Pattern FS_NAME = Pattern.compile("[A-Z0-9_]{1,64}");

    /**
     * One recorded symbol.
     *
     * @param name      the exchange's own symbol ({@code BTC/USD}, {@code tBTCUSD}) as the recorder wrote it, or
     *                  {@code symbolFs} until a live line or ledger names it
     * @param newestDay YYYYMMDD of its newest day directory, 0 when none
     * @param live      whether the newest day has {@code live/} files
     */
    public record Entry(Exchange exchange, String symbolFs, Path dir, String name, int newestDay, boolean live) {
        public String key() {
            return exchange.id() + ":" + symbolFs;
        }
    }

    private final Path dataDir;
    private final DayListings days;
    private long refreshes;
    private volatile Map<Exchange, Map<String, Entry>> entries = new EnumMap<>(Exchange.class);

    public DataCatalog(Path dataDir) {
        this(dataDir, System::currentTimeMillis);
    }

    DataCatalog(Path dataDir, LongSupplier wallMillis) {
        this.dataDir = dataDir;
        this.days = new DayListings(wallMillis);
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Lists DATA_DIR again: its symbols, and the days of those whose directory changed. */
    public synchronized void refresh() {
        Map<Exchange, Map<String, Entry>> next = new EnumMap<>(Exchange.class);
        Map<Exchange, Map<String, Entry>> before = entries;
        Set<Path> seen = new HashSet<>();
        for (Exchange e : Exchange.values()) {
            Path ed = dataDir.resolve(e.id());
            if (!Files.isDirectory(ed)) {
                continue;
            }
            Map<String, Entry> m = new TreeMap<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(ed)) {
                for (Path sd : ds) {
                    String fs = sd.getFileName().toString();
                    if (!FS_NAME.matcher(fs).matches() || !Files.isDirectory(sd)) {
                        continue;
                    }
                    seen.add(sd);
                    int newest;
                    try {
                        newest = newestDay(sd, days.days(sd));
                    } catch (IOException x) {
                        newest = 0; // gone or unreadable since it was listed
                    }
                    boolean live = newest > 0 && Files.isDirectory(sd.resolve(Integer.toString(newest)).resolve("live"));
                    Entry old = before.getOrDefault(e, Map.of()).get(fs);
                    // a name is read from the live files once a day; the relay names a symbol from the lines it reads too
                    String name = old != null && (!old.name().equals(fs) || old.newestDay() == newest) ? old.name()
                            : liveSymbolName(sd, newest, fs);
                    m.put(fs, new Entry(e, fs, sd, name, newest, live));
                }
            } catch (IOException ex) {
                continue;
            }
            next.put(e, m);
        }
        days.retain(seen);
        entries = next;
        refreshes++;
    }

    /** How many times DATA_DIR was listed. */
    synchronized long refreshes() {
        return refreshes;
    }

    /**
     * Lists DATA_DIR again for a request that named an exchange the catalog lacks, when its directory is there now: one
     * {@code stat} when it is not, so a client asking for what is not recorded, again and again, costs no listing.
     */
    public void refreshFor(String exchange) {
        Exchange e = Exchange.find(exchange);
        if (e != null && Files.isDirectory(dataDir.resolve(e.id()))) {
            refresh();
        }
    }

    /** The same for a symbol the catalog lacks: DATA_DIR is listed again when its directory is there now. */
    public void refreshFor(Exchange e, String symbol) {
        String fs = fsOrNull(e, symbol);
        if (fs != null && FS_NAME.matcher(fs).matches()) {
            Path ed = dataDir.resolve(e.id());
            if (Files.isDirectory(ed.resolve(fs)) || e == Exchange.KRAKEN && Files.isDirectory(ed.resolve(KrakenLegacyNames.replaceIn(fs)))) {
                refresh();
            }
        }
    }

    /** The directory name a request's symbol stands for, or null when it can be none (what {@link #resolve} refuses). */
    private static String fsOrNull(Exchange e, String raw) {
        if (raw == null || raw.isBlank() || !SYMBOL.matcher(raw).matches()) {
            return null;
        }
        try {
            return SymbolFs.of(e, raw);
        } catch (IllegalArgumentException x) {
            return null; // no letter or digit in it
        }
    }

    /** How many symbol directories were listed for their days so far (the others were unchanged). */
    long dayListings() {
        return days.listings();
    }

    public List<Entry> all() {
        List<Entry> out = new ArrayList<>();
        for (Map<String, Entry> m : entries.values()) {
            out.addAll(m.values());
        }
        return out;
    }

    public Collection<Entry> of(Exchange e) {
        return entries.getOrDefault(e, Map.of()).values();
    }

    /** The exchange a request names: 400 when it is none of the three, 404 when nothing of it is recorded. */
    public Exchange exchange(String raw) throws ApiException {
        if (raw == null || raw.isBlank()) {
            throw new ApiException(400, "exchange is required (binance, kraken or bitfinex)");
        }
        Exchange e;
        try {
            e = Exchange.parse(raw.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException x) {
            throw new ApiException(400, "exchange '" + clip(raw) + "' is not one of binance, kraken, bitfinex");
        }
        if (!entries.containsKey(e)) {
            throw new ApiException(404, "nothing of " + e.id() + " is recorded under the data directory");
        }
        return e;
    }

    /** The symbol a request names: 400 when it cannot be a symbol, 404 when it is not recorded. */
    public Entry resolve(Exchange e, String raw) throws ApiException {
        if (raw == null || raw.isBlank()) {
            throw new ApiException(400, "symbol is required");
        }
        if (!SYMBOL.matcher(raw).matches()) {
            throw new ApiException(400, "symbol '" + clip(raw) + "' is not a symbol (letters, digits and / : _ - only, at most "
                    + MAX_SYMBOL + ")");
        }
        String fs = fsOrNull(e, raw);
        if (fs == null) {
            throw new ApiException(400, "symbol '" + clip(raw) + "' names no symbol (no letter or digit in it)");
        }
        Entry en = entries.getOrDefault(e, Map.of()).get(fs);
        if (en == null && e == Exchange.KRAKEN) {
            // XBT/USD, XBTUSD: Kraken's legacy names for what the recorder's directories call BTCUSD
            en = entries.getOrDefault(e, Map.of()).get(KrakenLegacyNames.replaceIn(fs));
        }
        if (en == null) {
            throw new ApiException(404, "unknown symbol " + e.id() + ":" + raw + " (not recorded under the data directory)");
        }
        return en;
    }

    /** Learns a symbol's own name from what the recorder wrote. */
    public void nameSymbol(Exchange e, String symbolFs, String name) {
        Entry en = entries.getOrDefault(e, Map.of()).get(symbolFs);
        if (en != null && !en.name().equals(name)) {
            Map<Exchange, Map<String, Entry>> next = new EnumMap<>(entries);
            Map<String, Entry> m = new TreeMap<>(next.get(e));
            m.put(symbolFs, new Entry(e, symbolFs, en.dir(), name, en.newestDay(), en.live()));
            next.put(e, m);
            entries = next;
        }
    }

    static String clip(String s) {
        String t = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        StringBuilder b = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            b.append(c < 0x20 || c == '"' || c == '\\' ? '?' : c);
        }
        return b.toString();
    }

    /**
     * YYYYMMDD of the newest day directory the recorder wrote (its live files or its ledger), 0 when none: an empty
     * or stray directory named like a day does not hide the day being recorded.
     */
    public static int newestDay(Path symbolDir) {
        try {
            return newestDay(symbolDir, DayListings.list(symbolDir));
        } catch (IOException e) {
            return 0;
        }
    }

    private static int newestDay(Path symbolDir, int[] newestFirst) {
        for (int day : newestFirst) {
            if (recorded(symbolDir.resolve(Integer.toString(day)))) {
                return day;
            }
        }
        return 0;
    }

    private static boolean recorded(Path day) {
        if (Files.isDirectory(day.resolve("live"))) {
            return true;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(day, "events_*")) {
            return ds.iterator().hasNext();
        } catch (IOException e) {
            return false; // not a directory, or unreadable: no day of the recorder's
        }
    }

    /** YYYYMMDD of a day directory's name (a real date), or 0 for anything else. */
    public static int dayOf(String name) {
        if (name.length() != 8) {
            return 0;
        }
        int v = 0;
        for (int i = 0; i < 8; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            v = v * 10 + (c - '0');
        }
        int month = v / 100 % 100;
        int day = v % 100;
        return month >= 1 && month <= 12 && day >= 1 && YearMonth.of(v / 10000, month).isValidDay(day) ? v : 0;
    }

    /** The symbol named by the first line of the newest day's live diffs or trades, else {@code fallback}. */
    private static String liveSymbolName(Path symbolDir, int day, String fallback) {
        if (day == 0) {
            return fallback;
        }
        for (String f : new String[] {"live_depth_diffs.ndjson", "live_trades.ndjson"}) {
            Path p = symbolDir.resolve(Integer.toString(day)).resolve("live").resolve(f);
            try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                String line = r.readLine();
                if (line != null) {
                    int at = line.indexOf(",\"symbol\":\"");
                    int end = at < 0 ? -1 : line.indexOf('"', at + 11);
                    if (end > 0) {
                        return line.substring(at + 11, end);
                    }
                }
            } catch (IOException e) {
                // not there
            }
        }
        return fallback;
    }
}
