package io.mm.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.api.catalog.DataCatalog;
import io.mm.api.relay.Relay;
import io.mm.api.relay.RelayRoute;
import io.mm.api.rest.RestRoutes;
import io.mm.api.server.ApiServer;
import io.mm.api.server.ApiSettings;
import io.mm.api.web.WebRoute;
import io.mm.core.Exchange;
import io.mm.core.clock.RecorderClock;
import io.mm.core.config.SettingsReader;
import io.mm.jobs.record.RecordJobSettings;
import io.mm.jobs.record.RecorderSimulatorITCase;
import io.mm.jobs.serve.RelayTestClient;
import io.mm.jobs.serve.RestBooks;
import io.mm.simulator.junit.SimulatorExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A recorder whose trading window leaves a pause between days (00:02 to 00:00 the next day, UTC), on a clock that
 * runs four times as fast: while the window is closed the symbols are silent, and serve's {@code /health},
 * {@code /book} and page say the window closed instead of taking the recorder for dead; when the next window opens
 * the relay's books go on from the new day's {@code day_open} snapshot and equal the exchange's again.
 */
class TradingWindowITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Exchange, String> SYMBOLS = Map.of(Exchange.BINANCE, "BTCUSDT", Exchange.KRAKEN, "BTC/USD");

    @RegisterExtension
    final SimulatorExtension sim = SimulatorExtension.with(b -> b.seed(47).rate(60));

    @Test
    void whileTheTradingWindowIsClosedTheRecorderIsNotTakenForDeadAndTheBooksGoOnAfterIt(@TempDir Path dir) throws Exception {
        boolean browser = HeadlessChromium.available();
        Map<String, String> env = RecorderSimulatorITCase.environment(sim.simulator(), dir);
        env.put("SYMBOL", "binance:BTCUSDT,kraken:BTC/USD");
        env.put("LIVE_STREAM", "1");
        env.put("WINDOW_TZ", "UTC");
        env.put("WINDOW_START_HHMM", "00:02");
        env.put("WINDOW_END_HHMM", "00:00");
        env.put("WINDOW_END_DAY_OFFSET", "1");
        long anchor = System.currentTimeMillis();
        // the window of day 20261201 closes 80 s (20 s of the wall clock) after the start; the next opens 120 s later
        String spec = "start=2026-12-01T23:58:40Z,speed=4,anchor=" + anchor;
        env.put("MM_CLOCK", spec);
        RecorderClock clock = RecorderClock.parse(spec, anchor);
        LongSupplier nowMs = () -> clock.nowMicros() / 1000;
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        JobClient job = RecorderSimulatorITCase.start(RecordJobSettings.from(new SettingsReader(env), RecordJobSettings.newRunId(), anchor));
        DataCatalog catalog = new DataCatalog(data);
        ApiSettings api = ApiSettings.defaults(0);
        Relay relay = new Relay(catalog, Relay.Settings.defaults(), nowMs).start();
        ApiServer server = new ApiServer(api, List.of(new RelayRoute(relay, api), new RestRoutes(relay, nowMs, api.maxSymbols()),
                new WebRoute())).start();
        HttpClient http = HttpClient.newHttpClient();
        ChromeDriver driver = browser ? HeadlessChromium.start(dir) : null;
        List<RelayTestClient> clients = new ArrayList<>();
        try {
            awaitHealth(http, server, 60, "live, synced books before the window closes", s -> s.path("state").asText().equals("SYNCED")
                    && !s.path("silent").asBoolean(true) && !s.path("window_closed").asBoolean(true));
            for (Exchange e : SYMBOLS.keySet()) {
                clients.add(new RelayTestClient("ws://127.0.0.1:" + server.port() + "/ws?exchange=" + e.id() + "&symbol="
                        + URLEncoder.encode(SYMBOLS.get(e), StandardCharsets.UTF_8)));
            }
            if (driver != null) {
                driver.get("http://127.0.0.1:" + server.port() + "/?symbol=binance:BTCUSDT");
            }

            // the window closed (window_end at midnight) and a minute of the recorder's clock passed without a line
            JsonNode health = awaitHealth(http, server, 90, "the symbols silent after their window closed",
                    s -> s.path("silent").asBoolean());
            assertThat(health.get("status").asText()).as("not degraded: " + health).isEqualTo("ok");
            for (JsonNode s : health.get("symbols")) {
                assertThat(s.get("window_closed").asBoolean()).as(s.toString()).isTrue();
                assertThat(s.get("state").asText()).isEqualTo("SYNCED");
                assertThat(s.get("reason").asText()).isEqualTo(
                        "the trading window closed at 2026-12-02T00:00:00Z (window_end): nothing is recorded until the next one opens");
            }
            JsonNode book = get(http, server, "/book?exchange=binance&symbol=BTCUSDT&depth=5");
            assertThat(book.get("window_closed_at_us").asLong()).as("midnight on the recorder's clock")
                    .isBetween(1796169600000000L, 1796169605000000L);
            if (driver != null) {
                new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.findElement(By.id("age")).getText()
                        .matches("no update for \\d+ s · the trading window is closed: nothing is recorded until it opens"));
                assertThat(driver.findElement(By.id("age")).getAttribute("class")).isEqualTo("age");
            }

            // the next day's window opens at 00:02: live again, each book from the new day's day_open snapshot
            health = awaitHealth(http, server, 90, "the symbols live and synced again in the next window", s -> !s.path("silent").asBoolean(true)
                    && s.path("state").asText().equals("SYNCED"));
            assertThat(health.get("status").asText()).as(health.toString()).isEqualTo("ok");
            assertThat(data.resolve("binance/BTCUSDT/20261202")).isDirectory();
            for (RelayTestClient c : clients) {
                long deadline = System.currentTimeMillis() + 30_000;
                while (true) {
                    List<JsonNode> m = c.snapshot();
                    int resync = indexOf(m, "resync", "the recording paused between trading windows");
                    if (resync >= 0 && indexOf(m.subList(resync, m.size()), "book", "") >= 0) {
                        break;
                    }
                    assertThat(System.currentTimeMillis()).as("no resync saying the recording paused, then a book, within 30 s: "
                            + m.stream().filter(x -> !x.path("type").asText().equals("diff") && !x.path("type").asText().equals("trade"))
                            .map(x -> x.path("type").asText() + "@" + x.path("recv_seq") + " " + x.path("reason").asText()).toList())
                            .isLessThan(deadline);
                    Thread.sleep(200);
                }
            }
            if (driver != null) {
                new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.findElement(By.id("age")).getText().isEmpty());
            }
            Thread.sleep(3000);
            sim.simulator().pause();
            Thread.sleep(3000);
            for (Exchange e : SYMBOLS.keySet()) {
                RestBooks.assertIsTruth(RestBooks.book(server.port(), e, SYMBOLS.get(e), 10), sim.simulator().trueBook(e, SYMBOLS.get(e), 10), 10);
            }
        } finally {
            sim.simulator().resume();
            clients.forEach(RelayTestClient::close);
            if (driver != null) {
                driver.quit();
            }
            server.close();
            relay.close();
            job.cancel();
        }
        HeadlessChromium.assumeAvailable(browser);
    }

    private static int indexOf(List<JsonNode> messages, String type, String reasonStart) {
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            if (m.path("type").asText().equals(type) && m.path("reason").asText().startsWith(reasonStart)) {
                return i;
            }
        }
        return -1;
    }

    /** /health once every symbol in it satisfies {@code each}. */
    private static JsonNode awaitHealth(HttpClient http, ApiServer server, int seconds, String what,
                                        java.util.function.Predicate<JsonNode> each) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (true) {
            JsonNode h = get(http, server, "/health");
            boolean all = h.path("symbols").size() == SYMBOLS.size();
            for (JsonNode s : h.path("symbols")) {
                all &= each.test(s);
            }
            if (all) {
                return h;
            }
            assertThat(System.currentTimeMillis()).as("no " + what + " within " + seconds + " s: " + h).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static JsonNode get(HttpClient http, ApiServer server, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }
}
