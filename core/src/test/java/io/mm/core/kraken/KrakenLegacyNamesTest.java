package io.mm.core.kraken;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Kraken's legacy asset names read as WS v2's, asset by asset: never a part of another asset's name. */
class KrakenLegacyNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "XBT/USD, BTC/USD",
        "ETH/XBT, ETH/BTC",
        "XDG/XBT, DOGE/BTC",
        "BTC/USD, BTC/USD",
        "WXBT/USD, WXBT/USD",
        "XBTC/USD, XBTC/USD",
        "XBTUSD, XBTUSD",
    })
    void eachLegacyAssetNameBecomesItsWsV2Name(String pair, String v2) {
        assertThat(KrakenLegacyNames.toV2(pair)).isEqualTo(v2);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"XBTUSD, BTCUSD", "XDGUSD, DOGEUSD", "ETHUSD, ETHUSD"})
    void namesWithoutSeparatorsAreComparedInWsV2Names(String fs, String v2) {
        assertThat(KrakenLegacyNames.replaceIn(fs)).isEqualTo(v2);
    }
}
