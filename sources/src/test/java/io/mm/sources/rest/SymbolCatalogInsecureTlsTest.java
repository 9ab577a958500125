package io.mm.sources.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.Exchange;
import io.mm.rest.RestEndpoints;
import io.mm.rest.RestLimits;
import io.mm.rest.SelfSignedHttpsServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The symbol check's clients come from {@code HttpClients}: a self-signed certificate passes only with INSECURE_TLS. */
class SymbolCatalogInsecureTlsTest {
    @TempDir
    Path dir;

    @Test
    void theSymbolCheckHonoursInsecureTls() throws Exception {
        try (SelfSignedHttpsServer server = new SelfSignedHttpsServer(dir)) {
            RestEndpoints endpoints = new RestEndpoints(server.base(), server.base(), server.base());
            SymbolCatalog strict = new SymbolCatalog(endpoints, RestLimits.defaults(), "wss://127.0.0.1:1", Duration.ofSeconds(5));
            try {
                assertThatThrownBy(() -> strict.symbols(Exchange.BINANCE)).hasMessageContaining("PKIX path building failed");
            } finally {
                strict.close();
            }
            SymbolCatalog insecure = new SymbolCatalog(endpoints.withInsecureTls(true), RestLimits.defaults(), "wss://127.0.0.1:1",
                    Duration.ofSeconds(5));
            try {
                assertThat(insecure.symbols(Exchange.BINANCE)).isEqualTo(Set.of("BTCUSDT"));
            } finally {
                insecure.close();
            }
        }
    }
}
