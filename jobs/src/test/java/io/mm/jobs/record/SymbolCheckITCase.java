package io.mm.jobs.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.config.SettingsReader;
import io.mm.simulator.junit.SimulatorExtension;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The symbol check at start against the simulator's symbol lists: every unknown symbol named in one message. */
class SymbolCheckITCase {
    @RegisterExtension
    final SimulatorExtension sim = SimulatorExtension.with(b -> b.seed(5).rate(5));

    /** The recorder's settings against the simulator, with {@code SYMBOL} and then the pairs of {@code more}. */
    private RecordJobSettings settings(String symbols, String... more) {
        Map<String, String> env = new HashMap<>(sim.urls().environment());
        env.put("SYMBOL", symbols);
        for (int i = 0; i + 1 < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return RecordJobSettings.from(new SettingsReader(env), RecordJobSettings.newRunId(), System.currentTimeMillis());
    }

    @Test
    void everyUnknownSymbolOfEveryExchangeIsNamedAtOnceWithTheListedSpellingWhenItIsObvious() {
        assertThatThrownBy(() -> RecordCommand.checkSymbols(settings("kraken:XBT/USD,kraken:BTC/USD,binance:FOOUSDT,binance:BTCUSDT,bitfinex:tBTC:USD")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown binance symbol(s) FOOUSDT (not listed by " + sim.urls().binanceRest() + "/api/v3/exchangeInfo)")
                .hasMessageContaining("unknown kraken symbol(s) XBT/USD (did you mean BTC/USD?) (not listed by " + sim.urls().krakenWs())
                .hasMessageContaining("unknown bitfinex symbol(s) tBTC:USD (did you mean tBTCUSD?)")
                .message().doesNotContain("BTCUSDT").doesNotContain(", BTC/USD");
    }

    @Test
    void listedSymbolsPass() {
        assertThatCode(() -> RecordCommand.checkSymbols(settings("binance:BTCUSDT,kraken:ETH/USD,bitfinex:tXRPBTC"))).doesNotThrowAnyException();
    }

    @Test
    void anExchangeThatCannotBeAskedIsNamedBesideTheUnknownSymbolsOfTheOthers() {
        RecordJobSettings c = settings("binance:FOOUSDT,bitfinex:tBTCUSD", "BITFINEX_REST_URL", "http://127.0.0.1:1");
        assertThatThrownBy(() -> RecordCommand.checkSymbols(c)).hasMessageStartingWith("SYMBOL: ")
                .hasMessageContaining("unknown binance symbol(s) FOOUSDT")
                .hasMessageContaining("cannot check against bitfinex's symbol list: ").hasMessageContaining("http://127.0.0.1:1/")
                .hasMessageContaining("--skip-symbol-check");
    }
}
