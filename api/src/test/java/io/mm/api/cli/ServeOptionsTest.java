package io.mm.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The serving commands' settings: safe defaults, flags over environment variables, bad values named. */
class ServeOptionsTest {
    private static ServeOptions.Resolved resolve(Map<String, String> env, String... flags) {
        MetricsCommand cmd = new MetricsCommand();
        new CommandLine(cmd).parseArgs(flags);
        return cmd.options.resolve(env, "METRICS_PORT", 8766);
    }

    @Test
    void defaultsServeThisMachineOnly() {
        ServeOptions.Resolved o = resolve(Map.of());
        assertThat(o.api().host()).isEqualTo("127.0.0.1");
        assertThat(o.api().port()).isEqualTo(8766);
        assertThat(o.api().token()).isNull();
        assertThat(o.api().maxClients()).isEqualTo(5000);
        assertThat(o.dataDir()).isEqualTo(Path.of("data"));
        assertThat(o.coverageMarginMs()).isEqualTo(1000);
        assertThat(o.metricsCacheBytes()).isEqualTo(256L << 20);
    }

    @Test
    void flagsWinOverTheEnvironment() {
        ServeOptions.Resolved o = resolve(Map.of("METRICS_PORT", "9000", "API_HOST", "0.0.0.0", "COVERAGE_MARGIN_MS", "5000"),
                "--port", "9001", "--coverage-margin-ms", "250", "--metrics-cache-mb", "64");
        assertThat(o.api().port()).isEqualTo(9001);
        assertThat(o.api().host()).isEqualTo("0.0.0.0");
        assertThat(o.coverageMarginMs()).isEqualTo(250);
        assertThat(o.metricsCacheBytes()).isEqualTo(64L << 20);
    }

    @Test
    void badValuesNameTheirVariableAndFlag() {
        assertThatThrownBy(() -> resolve(Map.of("METRICS_CACHE_MB", "1"))).hasMessageContaining("METRICS_CACHE_MB")
                .hasMessageContaining("--metrics-cache-mb");
        assertThatThrownBy(() -> resolve(Map.of("API_MAX_CLIENTS", "many"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("API_MAX_CLIENTS").hasMessageContaining("--max-clients").hasMessageContaining("many");
        assertThatThrownBy(() -> resolve(Map.of(), "--ping-interval-s", "60", "--idle-timeout-s", "30"))
                .hasMessageContaining("API_PING_INTERVAL_S").hasMessageContaining("API_IDLE_TIMEOUT_S");
    }

    @Test
    void allowedOriginsAreOriginsAsBrowsersSendThem() {
        assertThat(resolve(Map.of("ALLOWED_ORIGINS", "https://Example.com/, http://localhost:3000,https://a.org:443,*")).api()
                .allowedOrigins()).containsExactly("https://example.com", "http://localhost:3000", "https://a.org", "*");
        for (String bad : new String[] {"example.com", "https://example.com/app", "ftp://example.com", "https://", "::bad"}) {
            assertThatThrownBy(() -> resolve(Map.of(), "--allowed-origins", bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("ALLOWED_ORIGINS (--allowed-origins) '" + bad + "' is not an origin: scheme://host[:port], "
                            + "e.g. https://example.com, or *");
        }
    }

    @Test
    void aBadCoverageMarginEndsTheMetricsCommandWithExitTwo(@TempDir Path data) {
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            int code = new CommandLine(new MetricsCommand()).execute("--data-dir", data.toString(), "--port", "0", "--coverage-margin-ms", "-5");
            assertThat(code).isEqualTo(2);
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString()).contains("COVERAGE_MARGIN_MS (--coverage-margin-ms)").hasLineCount(1);
    }

    @Test
    void helpNamesTheSettingsReadFromTheEnvironmentOnly() {
        String serve = new CommandLine(new ServeCommand()).getUsageMessage();
        assertThat(serve).contains("MAX_BUFFERED_UPDATES", "KRAKEN_BOOK_DEPTH", "BINANCE_REST_URL", "INSECURE_TLS", "HISTORY_MAX_RETRIES");
        String relay = new CommandLine(new RelayCommand()).getUsageMessage();
        assertThat(relay).contains("MAX_BUFFERED_UPDATES", "KRAKEN_BOOK_DEPTH").doesNotContain("BINANCE_REST_URL");
    }
}
