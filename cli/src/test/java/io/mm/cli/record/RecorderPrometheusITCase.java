package io.mm.cli.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.simulator.junit.SimulatorExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mm record --prometheus-port}: a scrape finds the per-symbol metrics with their exchange and symbol
 * labels and every metric the Grafana dashboard in docs/ queries; the endpoint listens on loopback only. And each
 * symbol's log file holds its connection's lines beside its ledger.
 */
class RecorderPrometheusITCase {
    private static final String SYMBOL_METRIC = "flink_taskmanager_job_task_operator_exchange_symbol_";
    private static final Path DASHBOARD = Paths.get("..", "docs", "grafana-dashboard.json");
    /** Exchange and symbol as the metric labels carry them. */
    private static final List<String[]> SYMBOLS = List.of(new String[] {"binance", "BTCUSDT"}, new String[] {"kraken", "BTC_USD"});

    @RegisterExtension
    static final SimulatorExtension SIM = SimulatorExtension.with(b -> b.seed(73).rate(50));

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** The metric names every panel of the dashboard queries. */
    static Set<String> dashboardMetrics() throws IOException {
        Set<String> out = new TreeSet<>();
        for (JsonNode panel : new ObjectMapper().readTree(DASHBOARD.toFile()).get("panels")) {
            for (JsonNode t : panel.get("targets")) {
                Matcher m = Pattern.compile("flink_[A-Za-z0-9_]+").matcher(t.get("expr").asText());
                while (m.find()) {
                    out.add(m.group());
                }
            }
        }
        return out;
    }

    /** The value of {@code metric} for one exchange and symbol (labels as the reporter writes them), or -1. */
    static double value(String scrape, String metric, String exchange, String symbol) {
        Matcher m = Pattern.compile("(?m)^" + metric + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
        while (m.find()) {
            if (m.group(1).contains("exchange=\"" + exchange + "\"") && m.group(1).contains("symbol=\"" + symbol + "\"")) {
                return Double.parseDouble(m.group(2));
            }
        }
        return -1;
    }

    /** Local addresses (hex, as /proc/net/tcp writes them) of the sockets listening on {@code port}. */
    static List<String> listeners(int port) throws IOException {
        List<String> out = new ArrayList<>();
        String hexPort = String.format(":%04X", port);
        for (String f : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Paths.get(f);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                String[] cols = line.trim().split("\\s+");
                if (cols.length > 3 && cols[1].endsWith(hexPort) && cols[3].equals("0A")) {
                    out.add(cols[1].substring(0, cols[1].length() - hexPort.length()));
                }
            }
        }
        return out;
    }

    @Test
    void aScrapeFindsEverySymbolsMetricsOnLoopbackOnlyAndEachSymbolsLogHasItsConnectionsLines(@TempDir Path dir) throws Exception {
        int port = freePort();
        Map<String, String> env = new HashMap<>();
        env.put("BUFFER_FLUSH_INTERVAL_SEC", "1");
        env.put("SINK_FSYNC", "0");
        env.put("PARALLELISM", "2");
        Process p = RecorderProcess.start(dir, "record", SIM.urls(), env, List.of("record", "--symbol", "binance:BTCUSDT,kraken:BTC/USD", "--data-dir",
                dir.resolve("data").toString(), "--skip-symbol-check", "--prometheus-port", Integer.toString(port)));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Set<String> wanted = dashboardMetrics();
        assertThat(wanted).hasSizeGreaterThan(10);
        String scrape = "";
        try {
            long deadline = System.currentTimeMillis() + 120_000;
            while (true) {
                try {
                    scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                } catch (IOException e) {
                    scrape = ""; // not serving yet
                }
                String s = scrape;
                // one scrape reads its gauges one after another: a book that synced between two reads shows SYNCED
                // beside the depth it had before, so a scrape counts only once every gauge agrees
                boolean ready = wanted.stream().allMatch(m -> s.contains("\n" + m + "{")) && SYMBOLS.stream()
                        .allMatch(sym -> value(s, SYMBOL_METRIC + "syncState", sym[0], sym[1]) == 3
                                && value(s, SYMBOL_METRIC + "bookDepth", sym[0], sym[1]) > 0
                                && value(s, SYMBOL_METRIC + "frames", sym[0], sym[1]) > 0);
                if (ready) {
                    break;
                }
                if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                    Set<String> missing = new TreeSet<>(wanted);
                    missing.removeIf(m -> s.contains("\n" + m + "{"));
                    StringBuilder seen = new StringBuilder();
                    for (String[] sym : SYMBOLS) {
                        seen.append(sym[1]).append(": state ").append(value(s, SYMBOL_METRIC + "syncState", sym[0], sym[1])).append(", depth ")
                                .append(value(s, SYMBOL_METRIC + "bookDepth", sym[0], sym[1])).append(", frames ")
                                .append(value(s, SYMBOL_METRIC + "frames", sym[0], sym[1])).append("; ");
                    }
                    throw new AssertionError("no scrape with both symbols SYNCED, with a book and frames, and the dashboard's metrics within 120 s (alive: "
                            + p.isAlive() + "; " + seen + "missing " + missing + ")\n" + Files.readString(dir.resolve("record.log")));
                }
                Thread.sleep(500);
            }
            for (String[] sym : SYMBOLS) {
                for (String counter : List.of("messages", "bytes")) {
                    assertThat(value(scrape, SYMBOL_METRIC + counter, sym[0], sym[1])).as(sym[1] + " " + counter).isPositive();
                }
                assertThat(value(scrape, SYMBOL_METRIC + "gaps", sym[0], sym[1])).as(sym[1] + " gaps").isZero();
            }
            assertThat(scrape).containsPattern(SYMBOL_METRIC + "exchangeToFrameLatencyUs\\{[^}]*quantile=\"0.99\"");
            if (Files.exists(Paths.get("/proc/net/tcp"))) {
                // 127.0.0.1, as IPv4 or as an IPv4-mapped IPv6 address: never the wildcard or another interface
                assertThat(listeners(port)).as("sockets listening on " + port).isNotEmpty()
                        .allSatisfy(a -> assertThat(a).isIn("0100007F", "0000000000000000FFFF00000100007F"));
            }
        } finally {
            p.destroy(); // SIGTERM: a clean stop
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("record.log"))).isZero();
        // each symbol's own log holds its connection's lines beside its ledger
        for (String symbolDir : List.of("binance/BTCUSDT", "kraken/BTCUSD")) {
            List<Path> logs;
            try (java.util.stream.Stream<Path> s = Files.list(dir.resolve("logs/recorder").resolve(symbolDir))) {
                logs = s.toList();
            }
            assertThat(logs).as(symbolDir + " logs (two when started in the overlap of two trading days)").isNotEmpty();
            StringBuilder log = new StringBuilder();
            for (Path l : logs) {
                log.append(Files.readString(l));
            }
            assertThat(log.toString()).as(symbolDir).contains("connecting (attempt 1) to ws://127.0.0.1:").contains("run_start").contains("ws_open");
        }
    }
}
