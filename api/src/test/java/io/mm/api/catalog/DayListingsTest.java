package io.mm.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog re-reads a symbol's days only when its directory changed, and never misses a new day. */
class DayListingsTest {
    private static void day(Path sym, int day) throws Exception {
        Files.createDirectories(sym.resolve(Integer.toString(day)).resolve("live"));
    }

    @Test
    void anUnchangedDirectoryIsNotListedAgainAndANewDayIsSeenAtTheNextRefresh(@TempDir Path data) throws Exception {
        Path a = data.resolve("binance/AAAUSDT");
        Path b = data.resolve("binance/BBBUSDT");
        for (int d = 20261101; d <= 20261130; d++) {
            day(a, d);
            day(b, d);
        }
        AtomicLong now = new AtomicLong(System.currentTimeMillis() + 10_000); // both directories changed long enough ago
        DataCatalog c = new DataCatalog(data, now::get);
        c.refresh();
        assertThat(c.dayListings()).isEqualTo(2);
        c.refresh();
        c.refresh();
        assertThat(c.dayListings()).as("nothing changed: no listing").isEqualTo(2);

        day(a, 20261201);
        c.refresh();
        assertThat(c.dayListings()).as("only the directory that changed").isEqualTo(3);
        assertThat(c.resolve(Exchange.BINANCE, "AAAUSDT").newestDay()).isEqualTo(20261201);
        assertThat(c.resolve(Exchange.BINANCE, "BBBUSDT").newestDay()).isEqualTo(20261130);

        now.addAndGet(DayListings.MAX_AGE_MILLIS);
        c.refresh();
        assertThat(c.dayListings()).as("each listing is redone within the longest age").isEqualTo(5);
    }

    @Test
    void aDirectoryChangedJustBeforeItsListingIsListedAgain(@TempDir Path data) throws Exception {
        Path a = data.resolve("kraken/AAAUSD");
        day(a, 20261130);
        DataCatalog c = new DataCatalog(data, System::currentTimeMillis); // changed a moment ago: not settled
        c.refresh();
        c.refresh();
        assertThat(c.dayListings()).isEqualTo(2);
        assertThat(c.resolve(Exchange.KRAKEN, "AAAUSD").newestDay()).isEqualTo(20261130);
    }

    @Test
    void aDayDirectoryWithoutTheRecordersFilesDoesNotCountUntilTheyCome(@TempDir Path data) throws Exception {
        Path a = data.resolve("bitfinex/AAAUSD");
        day(a, 20261130);
        AtomicLong now = new AtomicLong(System.currentTimeMillis() + 10_000);
        DataCatalog c = new DataCatalog(data, now::get);
        Files.createDirectories(a.resolve("20261201")); // made first, written a moment later
        c.refresh();
        assertThat(c.resolve(Exchange.BITFINEX, "tAAAUSD").newestDay()).isEqualTo(20261130);
        Files.createDirectories(a.resolve("20261201/live")); // changes the day's directory, not the symbol's
        c.refresh();
        assertThat(c.resolve(Exchange.BITFINEX, "tAAAUSD").newestDay()).isEqualTo(20261201);
        assertThat(c.resolve(Exchange.BITFINEX, "tAAAUSD").live()).isTrue();
    }
}
