package io.mm.api.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.api.catalog.DataCatalog;
import io.mm.api.relay.RelayClientsITCase.Client;
import io.mm.api.relay.RelayClientsITCase.Writer;
import io.mm.api.rest.RestRoutes;
import io.mm.api.server.ApiServer;
import io.mm.api.server.ApiSettings;
import io.mm.core.contract.ContractFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serve's start over symbols whose books take a while to rebuild from the day files: requests are answered between
 * two symbols' rebuilds, a client connected meanwhile misses no line, and a rebuild that fails says which file and
 * why, and leaves the live lines in their files until it succeeds.
 */
class RelayRebuildITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SYMBOLS = {"AAAUSDT", "BBBUSDT", "CCCUSDT", "DDDUSDT", "EEEUSDT", "FFFUSDT"};
    /** Committed diffs per symbol: a rebuild of a few hundred milliseconds on the machines the tests run on. */
    private static final int COMMITTED = 150_000;
    private final ApiSettings settings = ApiSettings.defaults(0);

    @Test
    void requestsAreAnsweredBetweenRebuildsAndAClientConnectedMeanwhileMissesNoLine(@TempDir Path data) throws Exception {
        List<Writer> writers = new ArrayList<>();
        try {
            for (String s : SYMBOLS) {
                Writer w = new Writer(data, s);
                writers.add(w);
                w.committed(data, COMMITTED);
                w.lines(5, 10);
            }
            HttpClient http = HttpClient.newHttpClient();
            DataCatalog catalog = new DataCatalog(data);
            catalog.refresh();
            try (Relay relay = new Relay(catalog, Relay.Settings.defaults(), System::currentTimeMillis).start();
                 ApiServer api = new ApiServer(settings, List.of(new RelayRoute(relay, settings),
                         new RestRoutes(relay, System::currentTimeMillis, settings.maxSymbols()))).start()) {
                JsonNode first = health(http, api);
                assertThat(rebuilt(first)).as("the first /health answer comes before the last book is rebuilt: " + first)
                        .isLessThan(SYMBOLS.length);
                assertThat(symbol(first, SYMBOLS[SYMBOLS.length - 1]).path("reason").asText()).isEqualTo(Relay.WAITING_ITS_TURN);
                // a client of the last symbol, connected during the start, gets every line after its first message
                String last = SYMBOLS[SYMBOLS.length - 1];
                Client c = RelayClientsITCase.connect("ws://127.0.0.1:" + api.port() + "/ws?exchange=binance&symbol=" + last);
                waitFor(() -> !c.messages.isEmpty(), "the client's first message");
                // the committed diffs go into the book, the live lines after them to the client
                long from = Math.max(COMMITTED, c.messages.get(0).get("recv_seq").asLong());
                waitFor(() -> rebuilt(health(http, api)) == SYMBOLS.length, "every book");
                writers.get(SYMBOLS.length - 1).lines(5, 10);
                waitFor(() -> c.lastSeq() == COMMITTED + 10, last + "'s new lines");
                assertThat(streamed(c)).isEqualTo(range(from + 1, COMMITTED + 10));
            }
        } finally {
            for (Writer w : writers) {
                w.close();
            }
        }
    }

    @Test
    void aRebuildThatFailsNamesTheFileAndLeavesTheLinesForTheNextTry(@TempDir Path data) throws Exception {
        try (Writer btc = new Writer(data, "BTCUSDT")) {
            btc.lines(10, 10);
            // the day's committed diffs cannot be read: a directory where the file belongs
            Path diffs = data.resolve("binance/BTCUSDT/20240101").resolve(ContractFile.DEPTH_DIFFS.relativePath("BTCUSDT", "20240101"));
            Files.createDirectories(diffs);
            DataCatalog catalog = new DataCatalog(data);
            catalog.refresh();
            HttpClient http = HttpClient.newHttpClient();
            try (Relay relay = new Relay(catalog, Relay.Settings.defaults(), System::currentTimeMillis).start();
                 ApiServer api = new ApiServer(settings, List.of(new RelayRoute(relay, settings),
                         new RestRoutes(relay, System::currentTimeMillis, settings.maxSymbols()))).start()) {
                Client c = RelayClientsITCase.connect("ws://127.0.0.1:" + api.port() + "/ws?exchange=binance&symbol=BTCUSDT");
                waitFor(() -> symbol(health(http, api), "BTCUSDT").path("reason").asText()
                        .contains("binance/BTCUSDT/20240101/diffs/depth_diffs_BTCUSDT_20240101.ndjson.gz: Is a directory"),
                        "/health naming the file the book cannot be rebuilt from");
                Files.delete(diffs);
                btc.lines(5, 10);
                waitFor(() -> c.lastSeq() == 15, "the lines once the book could be rebuilt");
                assertThat(streamed(c)).as("every line, those read before the failure too").isEqualTo(range(1, 15));
            }
        }
    }

    private static List<Long> range(long from, long to) {
        List<Long> r = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            r.add(i);
        }
        return r;
    }

    private static List<Long> streamed(Client c) {
        List<Long> seqs = new ArrayList<>();
        synchronized (c.messages) {
            for (JsonNode m : c.messages) {
                if (m.path("type").asText().matches("diff|trade")) {
                    seqs.add(m.get("recv_seq").asLong());
                }
            }
        }
        return seqs;
    }

    /** Symbols whose book was rebuilt: their lines are being read. */
    private static int rebuilt(JsonNode health) {
        int n = 0;
        for (JsonNode s : health.get("symbols")) {
            n += s.get("seconds_since_last_line").isNumber() ? 1 : 0;
        }
        return n;
    }

    private static JsonNode health(HttpClient http, ApiServer api) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/health"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("/health did not answer", e);
        }
    }

    private static JsonNode symbol(JsonNode health, String symbol) {
        for (JsonNode s : health.get("symbols")) {
            if (s.path("symbol").asText().equals(symbol)) {
                return s;
            }
        }
        throw new AssertionError(symbol + " not in /health: " + health);
    }

    private static void waitFor(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!done.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
