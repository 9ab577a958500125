package io.mm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.api.catalog.DataCatalog;
import io.mm.api.relay.Relay;
import io.mm.api.rest.RestRoutes;
import io.mm.api.server.ApiServer;
import io.mm.api.server.ApiSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/mm bench serve}: serve's start over a recorded DATA_DIR, as a user meets it. The relay and the REST
 * routes start in this process over the directory while a client asks {@code /health} every 100 ms: when the
 * first answer came and how long the slowest request waited (requests run between two symbols' rebuilds), and
 * when every symbol's book was rebuilt (its live lines read).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve's start over a recorded DATA_DIR (e.g. from LIVE_STREAM=1 bin/mm bench record ... --keep-data): the first "
                + "/health answer, the slowest /health request and the time until every symbol's book is rebuilt, and the memory.")
public final class ServeStartBench implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--data-dir", paramLabel = "DIR", required = true, description = "the recorded DATA_DIR to serve")
    Path dataDir;

    @Option(names = "--timeout-s", paramLabel = "S", description = "give up after this long (default ${DEFAULT-VALUE})",
            converter = Counts.AtLeastOne.class)
    int timeoutSeconds = 1800;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dataDir)) {
            System.err.println("mm bench serve: --data-dir " + dataDir + " is not a directory");
            return 2;
        }
        HttpClient http = HttpClient.newHttpClient();
        long t0 = System.nanoTime();
        DataCatalog catalog = new DataCatalog(dataDir);
        catalog.refresh();
        ApiSettings s = ApiSettings.defaults(0);
        try (Relay relay = new Relay(catalog, Relay.Settings.defaults(), System::currentTimeMillis).start();
             ApiServer server = new ApiServer(s, List.of(new RestRoutes(relay, System::currentTimeMillis, s.maxSymbols()))).start()) {
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                    .timeout(Duration.ofSeconds(timeoutSeconds)).build();
            long firstAt = -1;
            long firstTook = -1;
            long slowest = 0;
            int symbols = 0;
            int rebuilt = 0;
            long deadline = t0 + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (System.nanoTime() < deadline) {
                long asked = System.nanoTime();
                JsonNode h = JSON.readTree(http.send(health, HttpResponse.BodyHandlers.ofString()).body());
                long answered = System.nanoTime();
                slowest = Math.max(slowest, answered - asked);
                if (firstAt < 0) {
                    firstAt = answered - t0;
                    firstTook = answered - asked;
                }
                symbols = h.get("symbols").size();
                rebuilt = 0;
                for (JsonNode sym : h.get("symbols")) {
                    rebuilt += sym.get("seconds_since_last_line").isNumber() ? 1 : 0;
                }
                if (symbols > 0 && rebuilt == symbols) {
                    break;
                }
                Thread.sleep(100);
            }
            long allAt = System.nanoTime() - t0;
            System.out.printf(Locale.ROOT, "%d symbols under %s%n", symbols, dataDir);
            System.out.printf(Locale.ROOT, "first /health answer:     %.2f s after the start (the request took %.2f s)%n", firstAt / 1e9,
                    firstTook / 1e9);
            System.out.printf(Locale.ROOT, "slowest /health request:  %.2f s%n", slowest / 1e9);
            if (rebuilt < symbols || symbols == 0) {
                System.out.printf(Locale.ROOT, "%d of %d books rebuilt after %d s: gave up%n", rebuilt, symbols, timeoutSeconds);
                return 1;
            }
            System.out.printf(Locale.ROOT, "every book rebuilt:       %.2f s after the start%n", allAt / 1e9);
            System.out.printf(Locale.ROOT, "memory:                   RSS %d MiB, heap %d MiB after GC%n", rssMib(),
                    Heap.usedAfterGc() >> 20);
        }
        return 0;
    }

    private static long rssMib() {
        try {
            for (String l : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
