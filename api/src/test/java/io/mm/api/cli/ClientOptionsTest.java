package io.mm.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The URL a client asks: the flags fill in what a pasted URL does not already say. */
class ClientOptionsTest {
    private static ClientOptions.Query relay(String typedSymbols, String defaultSymbols) {
        return new ClientOptions.Query().put("exchange", null, "binance").put("symbol", typedSymbols, defaultSymbols);
    }

    @Test
    void aBareEndpointGetsEveryParameter() {
        assertThat(ClientOptions.url("ws://h:8765/ws", relay(null, "BTCUSDT,ETH/USD")))
                .isEqualTo("ws://h:8765/ws?exchange=binance&symbol=BTCUSDT%2CETH%2FUSD");
        assertThat(ClientOptions.url("ws://h:8765/ws", relay("ETHUSDT", "BTCUSDT"))).isEqualTo("ws://h:8765/ws?exchange=binance&symbol=ETHUSDT");
    }

    @Test
    void aPastedUrlKeepsItsOwnParametersAndGetsTheMissingOnes() {
        assertThat(ClientOptions.url("ws://h:8765/ws?exchange=kraken&symbols=BTC/USD", relay(null, "BTCUSDT")))
                .isEqualTo("ws://h:8765/ws?exchange=kraken&symbols=BTC/USD");
        assertThat(ClientOptions.url("ws://h:8765/ws?symbol=ETHUSDT", relay(null, "BTCUSDT")))
                .isEqualTo("ws://h:8765/ws?symbol=ETHUSDT&exchange=binance");
    }

    @Test
    void aFlagThatContradictsThePastedUrlIsRefused() {
        assertThatThrownBy(() -> ClientOptions.url("ws://h:8765/ws?symbol=ETHUSDT", relay("BTCUSDT", "BTCUSDT")))
                .hasMessageContaining("--symbol").hasMessageContaining("give one");
    }

    @Test
    void numbersThatCannotMeanAnythingAreRefused() {
        ClientOptions o = new ClientOptions();
        assertThat(o.problem()).isNull();
        o.backoff = -1;
        assertThat(o.problem()).contains("--reconnect-backoff-s");
        o.backoff = 1;
        o.count = -5;
        assertThat(o.problem()).contains("--count");
        o.count = 0;
        o.duration = -2;
        assertThat(o.problem()).contains("--duration");
    }
}
