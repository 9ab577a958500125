package io.mm.jobs.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.simulator.TrueBook;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

/** Serve's {@code GET /book} in tests: a symbol's relay book once it has one, and its levels against the exchange's. */
public final class RestBooks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private RestBooks() {
    }

    /** The top {@code depth} levels of the relay's book, waiting up to 30 s for a synced book (200). */
    public static JsonNode book(int port, Exchange e, String symbol, int depth) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + "/book?depth=" + depth + "&exchange=" + e.id() + "&symbol="
                + URLEncoder.encode(symbol, StandardCharsets.UTF_8));
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return JSON.readTree(r.body());
            }
            assertThat(System.currentTimeMillis()).as(symbol + ": the relay's book: " + r.statusCode() + " " + r.body()).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    /** {@code GET /book}'s answer (a synced book, or the 503 that says why not) once {@code until} holds, waiting up to 30 s. */
    public static JsonNode awaitBook(int port, Exchange e, String symbol, Predicate<JsonNode> until, String what) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + "/book?depth=5&exchange=" + e.id() + "&symbol="
                + URLEncoder.encode(symbol, StandardCharsets.UTF_8));
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            JsonNode b = JSON.readTree(HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body());
            if (until.test(b)) {
                return b;
            }
            assertThat(System.currentTimeMillis()).as(symbol + ": " + what + " within 30 s; /book: " + b).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    /** Each of the first {@code levels} bids and asks of {@code book} (a /book answer) has the true price and quantity. */
    public static void assertIsTruth(JsonNode book, TrueBook truth, int levels) {
        side(book, "bids", truth.bids(), levels);
        side(book, "asks", truth.asks(), levels);
    }

    private static void side(JsonNode book, String side, List<TrueBook.Level> truth, int levels) {
        for (int i = 0; i < levels; i++) {
            JsonNode l = book.path(side).path(i);
            String what = book.path("symbol").asText() + " " + side + " " + i + ": " + book;
            assertThat(new BigDecimal(l.path(0).asText("0"))).as(what).isEqualByComparingTo(truth.get(i).price());
            assertThat(new BigDecimal(l.path(1).asText("0"))).as(what).isEqualByComparingTo(truth.get(i).qty());
        }
    }
}
