package io.mm.sources.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.Exchange;
import io.mm.rest.RestEndpoints;
import io.mm.rest.RestLimits;
import io.mm.simulator.SimulatorUrls;
import io.mm.simulator.fault.FaultSpec;
import io.mm.simulator.junit.SimulatorExtension;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The symbol check at start against the simulator's exchanges: rate limits waited out, bans and outages named. */
class SymbolCatalogITCase {
    @RegisterExtension
    final SimulatorExtension sim = SimulatorExtension.with(b -> b.seed(3).rate(5));

    private SymbolCatalog catalog() {
        SimulatorUrls u = sim.urls();
        return new SymbolCatalog(new RestEndpoints(u.binanceRest(), u.krakenRest(), u.bitfinexRest()), RestLimits.defaults(), u.krakenWs(),
                Duration.ofSeconds(10));
    }

    @Test
    void aRateLimitedExchangeInfoIsAskedAgainAfterItsRetryAfter() throws Exception {
        sim.simulator().inject(FaultSpec.rest429(Exchange.BINANCE, 1, 1));
        SymbolCatalog c = catalog();
        try {
            long t0 = System.nanoTime();
            assertThat(c.symbols(Exchange.BINANCE)).contains("BTCUSDT");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("waited for Retry-After").isGreaterThanOrEqualTo(Duration.ofMillis(900));
        } finally {
            c.close();
        }
    }

    @Test
    void anOutageIsTriedAgainAndABanIsNamedWithItsLength() throws Exception {
        sim.simulator().inject(FaultSpec.rest5xx(Exchange.BITFINEX, 1, 503));
        SymbolCatalog c = catalog();
        try {
            assertThat(c.symbols(Exchange.BITFINEX)).contains("tBTCUSD");
            sim.simulator().inject(FaultSpec.rest418(Exchange.BINANCE, 1, 600));
            assertThatThrownBy(() -> c.symbols(Exchange.BINANCE)).isInstanceOf(IOException.class)
                    .hasMessageContaining("/api/v3/exchangeInfo answered HTTP 418 (the IP is banned) with Retry-After 600 s");
        } finally {
            c.close();
        }
    }
}
