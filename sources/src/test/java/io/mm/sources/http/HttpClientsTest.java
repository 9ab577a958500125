package io.mm.sources.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.mm.core.Exchange;
import io.mm.sources.rest.RestEndpoints;
import io.mm.sources.rest.RestLimits;
import io.mm.sources.rest.SymbolCatalog;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * INSECURE_TLS against an HTTPS server with a self-signed certificate: refused by default, accepted with the
 * setting, by the shared client factory and by the symbol check that uses it.
 */
class HttpClientsTest {
    private static final String EXCHANGE_INFO = "{\"symbols\":[{\"symbol\":\"BTCUSDT\",\"status\":\"TRADING\"}]}";

    @TempDir
    static Path dir;
    private static HttpsServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        Path ks = dir.resolve("self-signed.p12");
        Process keytool = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "test", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", ks.toString(), "-storepass", "secret", "-keypass", "secret").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "secret".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "secret".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.createContext("/api/v3/exchangeInfo", x -> {
            byte[] body = EXCHANGE_INFO.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        base = "https://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static String get(OkHttpClient client) throws Exception {
        try (Response r = client.newCall(new Request.Builder().url(base + "/api/v3/exchangeInfo").build()).execute()) {
            return r.body().string();
        }
    }

    @Test
    void aSelfSignedCertificateIsRefusedUnlessInsecureTlsIsSet() throws Exception {
        assertThatThrownBy(() -> get(HttpClients.builder(false).build())).isInstanceOf(SSLHandshakeException.class);
        assertThat(get(HttpClients.builder(true).build())).isEqualTo(EXCHANGE_INFO);
    }

    @Test
    void theSymbolCheckHonoursIt() throws Exception {
        RestEndpoints endpoints = new RestEndpoints(base, base, base);
        SymbolCatalog strict = new SymbolCatalog(endpoints, RestLimits.defaults(), "wss://127.0.0.1:1", Duration.ofSeconds(5));
        try {
            assertThatThrownBy(() -> strict.symbols(Exchange.BINANCE)).hasMessageContaining("PKIX path building failed");
        } finally {
            strict.close();
        }
        SymbolCatalog insecure = new SymbolCatalog(endpoints.withInsecureTls(true), RestLimits.defaults(), "wss://127.0.0.1:1", Duration.ofSeconds(5));
        try {
            assertThat(insecure.symbols(Exchange.BINANCE)).isEqualTo(java.util.Set.copyOf(List.of("BTCUSDT")));
        } finally {
            insecure.close();
        }
    }
}
