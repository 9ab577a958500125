package io.mm.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.Exchange;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A request's symbol, in any of the spellings users type, finds the recorded directory, and nothing else. */
class DataCatalogTest {

    @Test
    void aSymbolIsFoundInTheExchangesSpellingsAndKrakensLegacyNames(@TempDir Path data) throws Exception {
        Files.createDirectories(data.resolve("kraken/BTCUSD/20261207"));
        Files.createDirectories(data.resolve("kraken/DOGEUSD/20261207"));
        Files.createDirectories(data.resolve("bitfinex/BTCUSD/20261207"));
        DataCatalog c = new DataCatalog(data);
        c.refresh();
        for (String typed : new String[] {"BTC/USD", "btc/usd", "BTCUSD", "XBT/USD", "xbtusd"}) {
            assertThat(c.resolve(Exchange.KRAKEN, typed).symbolFs()).as(typed).isEqualTo("BTCUSD");
        }
        assertThat(c.resolve(Exchange.KRAKEN, "XDG/USD").symbolFs()).isEqualTo("DOGEUSD");
        assertThat(c.resolve(Exchange.BITFINEX, "tBTCUSD").symbolFs()).isEqualTo("BTCUSD");
        assertThatThrownBy(() -> c.resolve(Exchange.BITFINEX, "tXBTUSD")).as("XBT is Kraken's alone")
                .isInstanceOf(ApiException.class).hasMessage("unknown symbol bitfinex:tXBTUSD (not recorded under the data directory)");
        assertThatThrownBy(() -> c.resolve(Exchange.KRAKEN, "ETH/USD")).isInstanceOf(ApiException.class)
                .satisfies(x -> assertThat(((ApiException) x).status()).isEqualTo(404));
        assertThatThrownBy(() -> c.resolve(Exchange.KRAKEN, "../../etc")).isInstanceOf(ApiException.class)
                .satisfies(x -> assertThat(((ApiException) x).status()).isEqualTo(400));
    }

    @Test
    void theNewestDayIsTheNewestTheRecorderWroteNotAStrayDirectoryNamedLikeOne(@TempDir Path data) throws Exception {
        Path sym = data.resolve("binance/BTCUSDT");
        Files.createDirectories(sym.resolve("20261206"));
        Files.writeString(sym.resolve("20261206/events_BTCUSDT_20261206.csv.gz"), "");
        Files.createDirectories(sym.resolve("20261207/live"));
        Files.createDirectories(sym.resolve("20261399/live")); // no such date
        Files.createDirectories(sym.resolve("20991231")); // empty: nothing the recorder wrote
        Files.writeString(sym.resolve("20991230"), "a file");
        Files.createDirectories(sym.resolve("notaday"));
        assertThat(DataCatalog.newestDay(sym)).isEqualTo(20261207);
        DataCatalog c = new DataCatalog(data);
        c.refresh();
        assertThat(c.resolve(Exchange.BINANCE, "BTCUSDT").live()).as("its newest day has live files").isTrue();

        Files.delete(sym.resolve("20261207/live"));
        assertThat(DataCatalog.newestDay(sym)).as("a day with its ledger only (LIVE_STREAM=0)").isEqualTo(20261206);
        assertThat(DataCatalog.dayOf("20260230")).isZero();
        assertThat(DataCatalog.dayOf("20261207")).isEqualTo(20261207);
    }

    @Test
    void aRequestForWhatIsNotRecordedCostsNoListingAndANewSymbolIsFoundAtOnce(@TempDir Path data) throws Exception {
        Files.createDirectories(data.resolve("binance/AAAUSDT/20261207/live"));
        DataCatalog c = new DataCatalog(data);
        c.refresh();
        c.refreshFor(Exchange.BINANCE, "ZZZUSDT");
        c.refreshFor(Exchange.BINANCE, "///");
        c.refreshFor("kraken");
        c.refreshFor("nasdaq");
        assertThat(c.refreshes()).as("none of them is there: no listing").isEqualTo(1);

        Files.createDirectories(data.resolve("binance/BBBUSDT/20261207/live"));
        Files.createDirectories(data.resolve("kraken/BTCUSD/20261207/live"));
        c.refreshFor(Exchange.BINANCE, "bbbusdt");
        assertThat(c.resolve(Exchange.BINANCE, "BBBUSDT").newestDay()).isEqualTo(20261207);
        c.refreshFor("kraken");
        assertThat(c.refreshes()).isEqualTo(3);
        assertThat(c.resolve(Exchange.KRAKEN, "XBT/USD").symbolFs()).isEqualTo("BTCUSD");
    }
}
