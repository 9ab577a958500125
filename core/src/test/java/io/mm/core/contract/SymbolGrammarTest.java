package io.mm.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.Exchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Symbols as users type them: normalized to the exchange's spelling, or refused before they name a path. */
class SymbolGrammarTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "BINANCE, btcusdt, BTCUSDT",
        "BINANCE, ' 1000SATSUSDT ', 1000SATSUSDT",
        "KRAKEN, btc/usd, BTC/USD",
        "KRAKEN, ETH2.S/ETH, ETH2.S/ETH",
        "KRAKEN, 1inch/eur, 1INCH/EUR",
        "BITFINEX, tBTCUSD, tBTCUSD",
        "BITFINEX, btcusd, tBTCUSD",
        "BITFINEX, tTESTBTC:TESTUSD, tTESTBTC:TESTUSD",
        "BITFINEX, tBTCF0:ustf0, tBTCF0:USTF0",
    })
    void normalizesToTheExchangesSpelling(Exchange e, String typed, String expected) {
        assertThat(SymbolGrammar.normalize(e, typed)).isEqualTo(expected);
        assertThat(SymbolGrammar.isValid(e, expected)).isTrue();
        assertThat(SymbolFs.of(e, expected)).doesNotStartWith(".").doesNotContain("/");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "BINANCE, .., not a Binance symbol",
        "BINANCE, ../etc, not a Binance symbol",
        "BINANCE, BTC/USDT, not a Binance symbol",
        "BINANCE, .hidden, not a Binance symbol",
        "BINANCE, BTCUSDTBTCUSDTBTCUSDTX, not a Binance symbol",
        "KRAKEN, ../../etc, not a Kraken WS v2 symbol",
        "KRAKEN, BTCUSD, not a Kraken WS v2 symbol",
        "KRAKEN, ./., not a Kraken WS v2 symbol",
        "KRAKEN, BTC/USD/EUR, not a Kraken WS v2 symbol",
        "BITFINEX, t../.., not a Bitfinex trading pair",
        "BITFINEX, fUSD:.., not a Bitfinex trading pair",
        "BITFINEX, t, not a Bitfinex trading pair",
        "BINANCE, '', empty symbol",
    })
    void refusesWhatNoExchangeListsWithWhatItsSymbolsLookLike(Exchange e, String typed, String message) {
        assertThatThrownBy(() -> SymbolGrammar.normalize(e, typed)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
