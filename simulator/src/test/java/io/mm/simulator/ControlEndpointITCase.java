package io.mm.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.simulator.fault.FaultKind;
import io.mm.simulator.junit.SimulatorExtension;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The control endpoint, through the JUnit extension: true books, faults armed and logged, pause/step/rate, stats, bad input. */
class ControlEndpointITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final SimulatorExtension SIM = SimulatorExtension.with(b -> b.seed(3).rate(100).startPaused(true));

    @Test
    void trueBookPauseStepAndRate(SimulatorUrls urls, Simulator sim) throws Exception {
        JsonNode book = JSON.readTree(SimClient.get(urls.control() + "/book?exchange=kraken&symbol=BTC/USD&depth=5").body());
        assertThat(book.get("bids")).hasSize(5);
        assertThat(new BigDecimal(book.get("bids").get(0).get(0).asText())).isLessThan(new BigDecimal(book.get("asks").get(0).get(0).asText()));
        long id = book.get("update_id").asLong();
        // paused: nothing moves until a step
        Thread.sleep(100);
        assertThat(sim.trueBook(Exchange.KRAKEN, "BTC/USD", 5).updateId()).isEqualTo(id);
        assertThat(SimClient.post(urls.control() + "/step?n=10", "").status()).isEqualTo(200);
        assertThat(sim.trueBook(Exchange.KRAKEN, "BTC/USD", 5).updateId()).isGreaterThanOrEqualTo(id + 10);
        assertThat(SimClient.post(urls.control() + "/rate?value=250", "").status()).isEqualTo(200);
        assertThat(JSON.readTree(SimClient.get(urls.control() + "/stats").body()).get("rate").asDouble()).isEqualTo(250.0);
        assertThat(SimClient.get(urls.control() + "/symbols?exchange=bitfinex").body()).contains("tBTCUSD").contains("tXRPBTC");
    }

    @Test
    void faultsArmedOverHttpFireAndAreLogged(SimulatorUrls urls, Simulator sim) throws Exception {
        SimClient.Answer armed = SimClient.post(urls.control() + "/faults",
                "[{\"kind\":\"rest-5xx\",\"exchange\":\"kraken\",\"count\":1,\"param\":500},{\"kind\":\"rest-429\",\"exchange\":\"binance\"}]");
        assertThat(armed.status()).isEqualTo(200);
        assertThat(JSON.readTree(SimClient.get(urls.control() + "/faults").body())).hasSize(2);
        assertThat(SimClient.get(urls.krakenRest() + "/0/public/Time").status()).isEqualTo(500);
        assertThat(SimClient.get(urls.binanceRest() + "/api/v3/exchangeInfo").status()).isEqualTo(429);
        JsonNode log = JSON.readTree(SimClient.get(urls.control() + "/faults/log").body());
        assertThat(log).hasSize(2);
        assertThat(log.get(0).get("kind").asText()).isEqualTo("rest-5xx");
        assertThat(log.get(0).get("ts_us").asLong()).isGreaterThan(1_600_000_000_000_000L);
        assertThat(sim.faultLog().get(1).kind()).isEqualTo(FaultKind.REST_429);
    }

    @Test
    void badRequestsSayWhatIsWrong(SimulatorUrls urls) throws Exception {
        SimClient.Answer a = SimClient.post(urls.control() + "/faults", "{\"kind\":\"explode\",\"exchange\":\"kraken\"}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).contains("unknown fault kind 'explode'");
        a = SimClient.post(urls.control() + "/faults", "{\"kind\":\"drop\"}");
        assertThat(a.body()).contains("'exchange' is required");
        a = SimClient.post(urls.control() + "/faults", "{\"kind\":\"drop\",\"exchange\":\"kraken\",\"count\":\"many\"}");
        assertThat(a.body()).contains("'count' is not an integer");
        a = SimClient.get(urls.control() + "/book?exchange=kraken&symbol=NOPE/USD");
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.body()).contains("NOPE/USD").contains("BTC/USD");
        a = SimClient.get(urls.control() + "/book?exchange=nyse&symbol=X");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).contains("'exchange'");
        assertThat(SimClient.post(urls.control() + "/rate?value=fast", "").body()).contains("'value' is not a number");
        assertThat(SimClient.get(urls.binanceRest() + "/api/v3/depth").body()).contains("'symbol'");
        assertThat(SimClient.get(urls.binanceRest() + "/api/v3/depth?symbol=NOPE").body()).contains("-1121");
    }
}
