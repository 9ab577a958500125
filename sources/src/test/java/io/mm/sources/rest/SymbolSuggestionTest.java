package io.mm.sources.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SymbolSuggestionTest {
    private static final Set<String> KRAKEN = Set.of("BTC/USD", "DOGE/USD", "ETH/USD", "BTC/EUR");
    private static final Set<String> BITFINEX = Set.of("tBTCUSD", "tDOGE:USD", "tETHUSD");

    @Test
    void krakensLegacyAssetNamesPointToTheirWsV2Names() {
        assertThat(SymbolSuggestion.of(Exchange.KRAKEN, "XBT/USD", KRAKEN)).contains("BTC/USD");
        assertThat(SymbolSuggestion.of(Exchange.KRAKEN, "XDG/USD", KRAKEN)).contains("DOGE/USD");
        assertThat(SymbolSuggestion.of(Exchange.KRAKEN, "ETH-USD", KRAKEN)).contains("ETH/USD");
    }

    @Test
    void separatorsAndCaseAreIgnoredOnBitfinex() {
        assertThat(SymbolSuggestion.of(Exchange.BITFINEX, "tBTC:USD", BITFINEX)).contains("tBTCUSD");
        assertThat(SymbolSuggestion.of(Exchange.BITFINEX, "tDOGEUSD", BITFINEX)).contains("tDOGE:USD");
    }

    @Test
    void noSuggestionForAnotherMarketOrWhenTwoSymbolsWouldMatch() {
        assertThat(SymbolSuggestion.of(Exchange.KRAKEN, "BTC/GBP", KRAKEN)).isEmpty();
        assertThat(SymbolSuggestion.of(Exchange.BINANCE, "BTCUSD", Set.of("BTCUSDT", "BTCUSDC"))).isEmpty();
        assertThat(SymbolSuggestion.of(Exchange.KRAKEN, "XBTUSD", Set.of("BTC/USD", "XBT/USD"))).isEmpty();
        assertThat(SymbolSuggestion.of(Exchange.BINANCE, "XBTUSDT", Set.of("BTCUSDT"))).as("XBT is Kraken's alone").isEmpty();
    }
}
