package io.mm.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** INSECURE_TLS against an HTTPS server with a self-signed certificate: refused by default, accepted with the setting. */
class HttpClientsTest {
    @TempDir
    static Path dir;
    private static SelfSignedHttpsServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new SelfSignedHttpsServer(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String get(OkHttpClient client) throws Exception {
        try (Response r = client.newCall(new Request.Builder().url(server.base() + "/api/v3/exchangeInfo").build()).execute()) {
            return r.body().string();
        }
    }

    @Test
    void aSelfSignedCertificateIsRefusedUnlessInsecureTlsIsSet() throws Exception {
        assertThatThrownBy(() -> get(HttpClients.builder(false).build())).isInstanceOf(SSLHandshakeException.class);
        assertThat(get(HttpClients.builder(true).build())).isEqualTo(SelfSignedHttpsServer.EXCHANGE_INFO);
    }
}
