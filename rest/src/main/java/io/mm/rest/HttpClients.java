package io.mm.rest;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every OkHttp client of the recorder and the history commands starts here (WebSocket connections, REST
 * snapshots, the symbol check, history fetches), so {@code INSECURE_TLS=1} applies to all of them alike.
 */
public final class HttpClients {
    private static final Logger LOG = LoggerFactory.getLogger(HttpClients.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private HttpClients() {}

    /**
     * A client builder; with {@code insecureTls} it accepts any certificate and host name (local debugging behind
     * TLS inspection only), and says so once per JVM.
     */
    public static OkHttpClient.Builder builder(boolean insecureTls) {
        OkHttpClient.Builder b = new OkHttpClient.Builder();
        if (!insecureTls) {
            return b;
        }
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("INSECURE_TLS=1: TLS certificates and host names are NOT verified. Use this only to debug locally "
                    + "behind TLS inspection; never in production.");
        }
        X509TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {trustAll}, new SecureRandom());
            return b.sslSocketFactory(ssl.getSocketFactory(), trustAll).hostnameVerifier((h, s) -> true);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up INSECURE_TLS", e);
        }
    }
}
