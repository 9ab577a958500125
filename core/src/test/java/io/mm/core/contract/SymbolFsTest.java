package io.mm.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.Exchange;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SYMBOL_FS as the output contract defines it: upper case, no '/', '-', ':' or spaces, Bitfinex's 't' dropped. */
class SymbolFsTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "BINANCE, BTCUSDT, BTCUSDT",
        "BINANCE, btcusdt, BTCUSDT",
        "BINANCE, tBTCUSDT, TBTCUSDT",
        "KRAKEN, BTC/USD, BTCUSD",
        "KRAKEN, xbt/usd, XBTUSD",
        "KRAKEN, MATIC/USD, MATICUSD",
        "BITFINEX, tBTCUSD, BTCUSD",
        "BITFINEX, tXRPBTC, XRPBTC",
        "BITFINEX, tTESTBTC:TESTUSD, TESTBTCTESTUSD",
        "BITFINEX, BTCUSD, BTCUSD",
        "BITFINEX, t, T",
        "BINANCE, '  btc-usdt ', BTCUSDT",
        "KRAKEN, 'BTC / USD', BTCUSD",
    })
    void symbolsAsPathsAndFileNamesWriteThem(Exchange exchange, String symbol, String expected) {
        assertThat(SymbolFs.of(exchange, symbol)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void emptySymbolsAreRefused(String symbol) {
        assertThatThrownBy(() -> SymbolFs.of(Exchange.BINANCE, symbol)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty symbol");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "../..", "/", "-", ".hidden", "x\\y", "a\u0000b", "ä"})
    void symbolsThatWouldNotBeOnePlainDirectoryNameAreRefused(String symbol) {
        assertThatThrownBy(() -> SymbolFs.of(Exchange.BINANCE, symbol)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not make a directory name");
    }

    @Test
    void upperCasingDoesNotDependOnTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR")); // 'i'.toUpperCase() is 'İ' in Turkish
            assertThat(SymbolFs.of(Exchange.KRAKEN, "doti/usd")).isEqualTo("DOTIUSD");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void isIdempotentAndLeavesOnlyTheCharactersItKeeps() {
        Random rnd = new Random(42);
        String alphabet = "abcxyzABCXYZ019/-: t";
        for (int i = 0; i < 5_000; i++) {
            Exchange e = Exchange.values()[rnd.nextInt(3)];
            StringBuilder sb = new StringBuilder();
            int n = 1 + rnd.nextInt(12);
            for (int j = 0; j < n; j++) {
                sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            String s = sb.toString();
            if (s.isBlank()) {
                continue;
            }
            String t = s.trim();
            String named = e == Exchange.BITFINEX && t.length() > 1 && t.charAt(0) == 't' ? t.substring(1) : t;
            if (named.chars().noneMatch(Character::isLetterOrDigit)) {
                assertThatThrownBy(() -> SymbolFs.of(e, s)).as("%s %s", e, s).hasMessageContaining("does not make a directory name");
                continue;
            }
            String fs = SymbolFs.of(e, s);
            assertThat(fs).as("%s %s", e, s).doesNotContain("/", "-", ":", " ").isEqualTo(fs.toUpperCase(Locale.ROOT));
            assertThat(SymbolFs.of(e, fs)).as("twice: %s %s", e, s).isEqualTo(fs);
        }
    }
}
