package io.mm.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.Exchange;
import io.mm.core.candle.Candle;
import io.mm.core.candle.CandleSource;
import io.mm.core.candle.Interval;
import io.mm.history.fetch.HistoryCandleSource;
import io.mm.rest.SelfSignedHttpsServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics' exchange candles: found by serving on the classpath, and honouring the settings every HTTP client of the
 * product reads, INSECURE_TLS among them.
 */
class HistoryCandleSourceTest {
    private static final long T0 = 1_764_000_000_000L - 1_764_000_000_000L % 60_000;
    @TempDir
    static Path dir;
    private static SelfSignedHttpsServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new SelfSignedHttpsServer(dir).answer("/api/v3/klines", "[[" + T0 + ",\"100.0\",\"101.0\",\"99.0\",\"100.5\",\"2.0\","
                + (T0 + 59_999) + ",\"201.0\",7],[" + (T0 + 60_000) + ",\"100.5\",\"100.5\",\"100.1\",\"100.2\",\"1.0\"," + (T0 + 119_999)
                + ",\"100.2\",3]]");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, String> env(boolean insecure) {
        Map<String, String> env = new HashMap<>(Map.of("BINANCE_REST_URL", server.base(), "HISTORY_MAX_RETRIES", "0"));
        if (insecure) {
            env.put("INSECURE_TLS", "1");
        }
        return env;
    }

    @Test
    void aSelfSignedExchangeIsAskedOnlyWithInsecureTls() throws IOException {
        try (HistoryCandleSource refused = new HistoryCandleSource(env(false))) {
            assertThatThrownBy(() -> refused.candles(Exchange.BINANCE, "BTCUSDT", Interval.parse("1m"), T0, T0 + 120_000))
                    .isInstanceOf(IOException.class).hasMessageContaining("SSLHandshakeException");
        }
        try (HistoryCandleSource insecure = new HistoryCandleSource(env(true))) {
            List<Candle> got = insecure.candles(Exchange.BINANCE, "BTCUSDT", Interval.parse("1m"), T0, T0 + 120_000);
            assertThat(got).extracting(Candle::openMs).containsExactly(T0, T0 + 60_000);
            assertThat(got).extracting(Candle::close).map(Object::toString).containsExactly("100.5", "100.2");
        }
    }

    @Test
    void servingFindsThisSourceOnTheClasspath() throws IOException {
        CandleSource found = CandleSource.discover(env(true));
        assertThat(found).isNotNull();
        assertThat(found.candles(Exchange.BINANCE, "BTCUSDT", Interval.parse("1m"), T0, T0 + 120_000)).hasSize(2);
    }
}
