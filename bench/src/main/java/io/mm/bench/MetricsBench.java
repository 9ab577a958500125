package io.mm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.api.catalog.DataCatalog;
import io.mm.api.metrics.CandleStore;
import io.mm.api.metrics.MetricsService;
import io.mm.api.server.ApiServer;
import io.mm.api.server.ApiSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.file.PathUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/mm bench metrics}: how long {@code /metrics} takes to answer a 30-day window of 1-minute candles for
 * 20 symbols, from the recorder's own trades (candles built from its {@code trades_ws} days) and from
 * {@code bin/mm history} files: a server's first client (every file read), its second client (what the server
 * kept), and a restarted server (what the first one stored on disk). Nothing is fetched from an exchange.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Time to the first /metrics answer over a 30-day window of 1m candles for 20 symbols, from recorded trades and from "
                + "history files: a server's first client, its second, and a restarted server.")
public final class MetricsBench implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--symbols", paramLabel = "N", description = "Binance symbols (default ${DEFAULT-VALUE}, at most 20: one request)")
    int symbols = 20;
    @Option(names = "--days", paramLabel = "N", description = "days of data and the window (default ${DEFAULT-VALUE})", converter = Counts.AtLeastOne.class)
    int days = 30;
    @Option(names = "--trades-per-day", paramLabel = "N", description = "recorded trades a day per symbol (default ${DEFAULT-VALUE})", converter = Counts.AtLeastOne.class)
    int tradesPerDay = 20_000;
    @Option(names = "--dir", paramLabel = "DIR", description = "where the data is generated and kept (default a temp directory, deleted)")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (symbols < 2 || symbols > 20) {
            System.err.println("mm bench metrics: --symbols must be 2..20 (one /metrics request), got " + symbols);
            return 2;
        }
        boolean temp = dir == null;
        Path root = temp ? Files.createTempDirectory("mm-bench-metrics") : BenchCommand.checked(dir);
        long end = Instant.now().truncatedTo(ChronoUnit.DAYS).toEpochMilli();
        long start = end - days * GeneratedRecording.DAY_MS;
        try {
            long t0 = System.nanoTime();
            long recordedBytes = 0;
            long historyBytes = 0;
            for (int s = 0; s < symbols; s++) {
                for (Path f : GeneratedRecording.write(root.resolve("recorded"), MetricsBenchData.symbol("R", s), start, days, tradesPerDay, s,
                        null)) {
                    recordedBytes += Files.size(f);
                }
                historyBytes += MetricsBenchData.history(root.resolve("history"), MetricsBenchData.symbol("H", s), start, days, s);
            }
            System.out.printf(Locale.ROOT, "%d symbols x %d days: %,d recorded trades (%,d bytes of trades_ws), %,d history candles (%,d bytes); "
                            + "ready in %.1f s%n", symbols, days, (long) symbols * days * tradesPerDay, recordedBytes, (long) symbols * days * 1440,
                    historyBytes, (System.nanoTime() - t0) / 1e9);
            System.out.printf(Locale.ROOT, "time to the first /metrics answer, %d symbols, window %dd of 1m candles:%n", symbols, days);
            boolean ok = measure("recorded trades", root.resolve("recorded"), "R");
            ok &= measure("history files", root.resolve("history"), "H");
            return ok ? 0 : 1;
        } finally {
            if (temp) {
                PathUtils.deleteDirectory(root);
            }
        }
    }

    /**
     * The first answer to a request for every symbol: on a server that has read nothing yet, to a second client of
     * the same server, and on a server started again (what a first server keeps on disk counts there).
     */
    private boolean measure(String what, Path data, String prefix) throws Exception {
        List<String> names = new ArrayList<>();
        for (int s = 0; s < symbols; s++) {
            names.add(MetricsBenchData.symbol(prefix, s));
        }
        String query = "/metrics?exchange=binance&interval=1m&metric=correlation&window=" + days + "d&symbols=" + String.join(",", names);
        boolean ok = true;
        for (String server : List.of("first server", "restarted server")) {
            DataCatalog catalog = new DataCatalog(data.toAbsolutePath());
            catalog.refresh();
            ApiSettings settings = ApiSettings.defaults(0);
            try (MetricsService metrics = new MetricsService(catalog, new CandleStore(catalog.dataDir(), null), null, System::currentTimeMillis);
                 ApiServer api = new ApiServer(settings, List.of(metrics.route(settings))).start()) {
                for (String client : List.of("first client", "second client")) {
                    long t = System.nanoTime();
                    JsonNode first = firstAnswer("ws://127.0.0.1:" + api.port() + query);
                    double sec = (System.nanoTime() - t) / 1e9;
                    JsonNode candles = first.path("candles");
                    System.out.printf(Locale.ROOT, "%-15s %-16s %-13s %6.2f s  (%,d closes; candles: %,d local, %,d exchange)%n", what,
                            server, client, sec, first.path("closes").asLong(), candles.path("local").asLong(), candles.path("exchange").asLong());
                    if (!first.path("type").asText().equals("metrics") || first.path("closes").asLong() < (days - 1) * 1440L
                            || first.path("symbols").size() != symbols) {
                        System.out.println("unexpected answer, the figures mean nothing: " + first);
                        ok = false;
                    }
                }
                System.out.printf(Locale.ROOT, "%-15s %-16s heap in use after a full GC, server open: %,d MB%n", what, server,
                        Heap.usedAfterGc() >> 20);
            }
        }
        return ok;
    }

    /** Connects, waits for the first message, closes. */
    private static JsonNode firstAnswer(String uri) throws Exception {
        CompletableFuture<String> got = new CompletableFuture<>();
        StringBuilder text = new StringBuilder();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(uri), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    got.complete(text.toString());
                }
                w.request(1);
                return null;
            }

            @Override
            public void onError(WebSocket w, Throwable error) {
                got.completeExceptionally(error);
            }
        }).get(30, TimeUnit.SECONDS);
        try {
            return JSON.readTree(got.get(10, TimeUnit.MINUTES));
        } finally {
            ws.abort();
        }
    }
}
