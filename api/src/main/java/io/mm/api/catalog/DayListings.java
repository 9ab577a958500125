package io.mm.api.catalog;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The day directories of each symbol directory, listed again only when the directory changed: a new day directory
 * moves its modification time, so a catalog of months of days per symbol is re-read with one {@code stat} a symbol
 * instead of a listing. A listing is trusted only when the directory had not changed for {@value #SETTLE_MILLIS} ms
 * before it (a change in the same timestamp tick would otherwise go unseen), and each is redone after
 * {@value #MAX_AGE_MILLIS} ms or so at most, spread over symbols, for file systems whose clocks or timestamps cannot be
 * trusted that far. Not thread-safe: the catalog's refresh holds its lock.
 */
final class DayListings {
    static final long SETTLE_MILLIS = 2_000;
    static final long MAX_AGE_MILLIS = 300_000;

    private record Listing(FileTime modified, boolean settled, long expiresMs, int[] newestFirst) {}

    private final LongSupplier clock;
    private final Map<Path, Listing> cache = new HashMap<>();
    private long listings;

    DayListings(LongSupplier wallMillis) {
        this.clock = wallMillis;
    }

    /** YYYYMMDD of the real dates among {@code symbolDir}'s entries, newest first. */
    int[] days(Path symbolDir) throws IOException {
        FileTime modified = Files.getLastModifiedTime(symbolDir);
        long now = clock.getAsLong();
        Listing l = cache.get(symbolDir);
        if (l != null && l.settled && l.modified.equals(modified) && now < l.expiresMs) {
            return l.newestFirst;
        }
        int[] days = list(symbolDir);
        listings++;
        // spread the re-listings: each symbol expires at its own point of the second half of the period
        long spread = MAX_AGE_MILLIS / 2 + Math.floorMod(symbolDir.hashCode(), MAX_AGE_MILLIS / 2);
        cache.put(symbolDir, new Listing(modified, now - modified.toMillis() >= SETTLE_MILLIS, now + spread, days));
        return days;
    }

    /** Forgets the symbol directories not in {@code seen} (deleted, or no longer a symbol). */
    void retain(Set<Path> seen) {
        cache.keySet().retainAll(seen);
    }

    /** How many directories were listed (rather than taken from the cache) so far. */
    long listings() {
        return listings;
    }

    static int[] list(Path symbolDir) throws IOException {
        int[] days = new int[16];
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(symbolDir)) {
            for (Path d : ds) {
                int day = DataCatalog.dayOf(d.getFileName().toString());
                if (day > 0) {
                    if (n == days.length) {
                        days = Arrays.copyOf(days, n * 2);
                    }
                    days[n++] = day;
                }
            }
        }
        days = Arrays.copyOf(days, n);
        Arrays.sort(days);
        for (int i = 0, j = n - 1; i < j; i++, j--) {
            int t = days[i];
            days[i] = days[j];
            days[j] = t;
        }
        return days;
    }
}
