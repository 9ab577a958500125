package io.mm.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.mm.api.catalog.DataCatalog;
import io.mm.api.metrics.CandleStore;
import io.mm.api.metrics.MetricsService;
import io.mm.api.relay.Relay;
import io.mm.api.relay.RelayRoute;
import io.mm.api.rest.RestRoutes;
import io.mm.api.server.ApiServer;
import io.mm.api.server.ApiSettings;
import io.mm.api.web.WebRoute;
import io.mm.core.Exchange;
import io.mm.core.candle.Candle;
import io.mm.core.candle.HistoryFiles;
import io.mm.core.candle.Interval;
import io.mm.core.config.SettingsReader;
import io.mm.history.fetch.HistoryCandleSource;
import io.mm.jobs.record.RecordJobSettings;
import io.mm.jobs.record.RecorderSimulatorITCase;
import io.mm.jobs.serve.RelayRecorderITCase;
import io.mm.jobs.serve.RelayTestClient;
import io.mm.simulator.Simulator;
import io.mm.simulator.junit.SimulatorExtension;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code bin/mm serve} against the simulator-fed recorder: the metrics fetch the simulator's past through the
 * history clients and store it, and equal a plain-loop computation over the exchange's own klines for the window
 * (whether each minute came from a stored file, the recorded trades or the live ones), then update at every
 * interval close from the live trades; and the live page in Debian's headless chromium shows what a person
 * expects: ladder rows in price order with the best bid below the best ask, a growing trades tape, a mid-price
 * chart and a heat-map cell per symbol pair. A screenshot lands in {@code target/web-page.png}.
 */
class ServeWebPageITCase {
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");

    @RegisterExtension
    final SimulatorExtension sim = SimulatorExtension.with(b -> b.seed(43).rate(60));

    @Test
    void metricsFromTheSimulatorsPastAndThePageInABrowser(@TempDir Path dir) throws Exception {
        boolean browser = HeadlessChromium.available();
        Map<String, String> env = RecorderSimulatorITCase.environment(sim.simulator(), dir);
        env.put("SYMBOL", "binance:BTCUSDT,binance:ETHUSDT,binance:SOLUSDT,kraken:BTC/USD");
        env.put("LIVE_STREAM", "1");
        env.put("HEARTBEAT_SEC", "1"); // a quiet market shows in /health within seconds
        // day files committed every 10 s: the newest intervals' closes come from the live trades
        env.put("BUFFER_FLUSH_INTERVAL_SEC", "10");
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        JobClient job = RecorderSimulatorITCase.start(RecordJobSettings.from(new SettingsReader(env), RecordJobSettings.newRunId(), System.currentTimeMillis()));
        DataCatalog catalog = new DataCatalog(data);
        ApiSettings api = ApiSettings.defaults(0);
        Relay relay = new Relay(catalog, Relay.Settings.defaults(), System::currentTimeMillis).start();
        HistoryCandleSource history = new HistoryCandleSource(env);
        MetricsService metrics = new MetricsService(catalog, new CandleStore(data, history), relay, System::currentTimeMillis);
        AtomicLong ahead = new AtomicLong(); // /health's clock, moved ahead
        ApiServer server = new ApiServer(api, List.of(new RelayRoute(relay, api),
                new RestRoutes(relay, () -> System.currentTimeMillis() + ahead.get(), api.maxSymbols()),
                metrics.route(api), new WebRoute())).start();
        try {
            RelayRecorderITCase.waitFor(() -> {
                catalog.refresh();
                return catalog.all().size() == 4;
            }, 60, "the four symbols under the data directory");

            // a day of minutes: nothing on disk, so the first answer is incomplete and the fetched history follows
            RelayTestClient day = new RelayTestClient("ws://127.0.0.1:" + server.port()
                    + "/metrics?exchange=binance&symbols=BTCUSDT,ETHUSDT,SOLUSDT&interval=1m&window=1d&metric=correlation");
            RelayRecorderITCase.waitFor(() -> day.snapshot().stream().anyMatch(m -> m.path("reason").asText().equals("history")), 90,
                    "the metrics after the history fetch");
            JsonNode first = day.snapshot().get(0);
            assertThat(first.get("reason").asText()).isEqualTo("first");
            assertThat(first.get("complete").asBoolean()).isFalse();
            JsonNode fetched = day.snapshot().stream().filter(m -> m.path("reason").asText().equals("history")).findFirst().orElseThrow();
            assertThat(fetched.get("complete").asBoolean()).as(fetched.toString()).isTrue();
            assertThat(fetched.get("closes").asInt()).isGreaterThanOrEqualTo(1439);
            // the reference: the exchange's own klines for the window, whichever of history files, candles built from
            // the recorded trades or live closes the service took each minute from
            List<TreeMap<Long, Double>> klines = klines(history, fetched.get("to_ms").asLong() - 86_400_000L, fetched.get("to_ms").asLong());
            for (int j = 0; j < 3; j++) {
                Map<Long, Double> stored = stored(data, SYMBOLS.get(j));
                assertThat(stored.size()).as(SYMBOLS.get(j) + " candles stored for next time").isGreaterThan(1000);
                for (Map.Entry<Long, Double> c : stored.entrySet()) {
                    if (klines.get(j).containsKey(c.getKey())) {
                        assertThat(c.getValue()).as(SYMBOLS.get(j) + " stored close at " + c.getKey()).isEqualTo(klines.get(j).get(c.getKey()));
                    }
                }
            }
            double[][] r = returns(klines, fetched.get("to_ms").asLong() - 86_400_000L, fetched.get("to_ms").asLong());
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    assertThat(fetched.get("matrix").get(a).get(b).asDouble()).as("correlation " + a + "," + b)
                            .isCloseTo(pearson(r, a, b), within(1e-9));
                }
            }
            day.close();

            // seconds: every interval close brings an update with the live trades' closes
            RelayTestClient seconds = new RelayTestClient("ws://127.0.0.1:" + server.port()
                    + "/metrics?exchange=binance&symbols=BTCUSDT,ETHUSDT&interval=1s&window=10m&metric=volatility");
            RelayRecorderITCase.waitFor(() -> seconds.snapshot().stream().filter(m -> m.path("reason").asText().equals("interval_close")
                    && m.get("candles").get("live").asInt() > 0).count() >= 2, 60, "interval-close updates with live closes");
            seconds.close();

            HeadlessChromium.assumeAvailable(browser);
            // a server that lets one request name two symbols: the page's heat map keeps within it and says so
            ApiSettings narrow = new ApiSettings(api.host(), 0, null, List.of(), api.maxClients(), 2, api.maxQueryLength(), api.pingSeconds(),
                    api.idleSeconds(), api.clientQueueBytes());
            try (ApiServer second = new ApiServer(narrow, List.of(new RelayRoute(relay, narrow),
                    new RestRoutes(relay, System::currentTimeMillis, narrow.maxSymbols()), metrics.route(narrow), new WebRoute())).start()) {
                page(server.port(), second.port(), dir, job, sim.simulator(), ahead);
            }
        } finally {
            server.close();
            metrics.close();
            relay.close();
            history.close();
            if (!job.getJobExecutionResult().isDone()) {
                job.cancel();
            }
        }
    }

    private static void page(int port, int narrowPort, Path dir, JobClient job, Simulator simulator,
                             AtomicLong ahead) throws Exception {
        ChromeDriver driver = HeadlessChromium.start(dir);
        try {
            driver.get("http://127.0.0.1:" + port + "/?symbol=binance:BTCUSDT");
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            wait.until(d -> d.findElements(By.cssSelector("#bids tr.bid")).size() >= 10 && d.findElements(By.cssSelector("#asks tr.ask")).size() >= 10);
            // one script reads both sides at once: the page redraws many times a second
            @SuppressWarnings("unchecked")
            List<List<String>> ladder = (List<List<String>>) driver.executeScript("const p = s => [...document.querySelectorAll(s)]"
                    + ".map(r => r.dataset.price); return [p('#bids tr.bid'), p('#asks tr.ask')];");
            List<Double> bids = ladder.get(0).stream().map(Double::parseDouble).toList();
            List<Double> asks = ladder.get(1).stream().map(Double::parseDouble).toList();
            assertThat(bids).as("bids, best first").isSortedAccordingTo((x, y) -> Double.compare(y, x)).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(20);
            assertThat(asks).as("asks shown with the best at the bottom").isSortedAccordingTo((x, y) -> Double.compare(y, x))
                    .doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(20);
            assertThat(bids.get(0)).as("best bid below best ask").isLessThan(asks.get(asks.size() - 1));
            @SuppressWarnings("unchecked")
            List<String> top = (List<String>) driver.executeScript("return [document.querySelector('#bids tr.bid').dataset.price,"
                    + " [...document.querySelectorAll('#asks tr.ask')].pop().dataset.price, document.getElementById('spread').textContent];");
            BigDecimal bid = new BigDecimal(top.get(0));
            BigDecimal ask = new BigDecimal(top.get(1));
            double bps = ask.subtract(bid).doubleValue() / ask.add(bid).doubleValue() * 2e4;
            assertThat(top.get(2)).as("the spread in the prices' decimals and in basis points of the mid")
                    .startsWith("spread " + ask.subtract(bid).toPlainString() + " (").endsWith(" bps)");
            assertThat(Double.parseDouble(top.get(2).replaceAll(".*\\((.*) bps\\)", "$1"))).isCloseTo(bps, within(0.006));
            wait.until(d -> count(d.findElement(By.id("tape"))) > 0);
            int tape = count(driver.findElement(By.id("tape")));
            wait.until(d -> count(d.findElement(By.id("tape"))) > tape);
            wait.until(d -> d.findElements(By.cssSelector("#tape tr.trade")).size() >= 100);
            assertThat((Boolean) driver.executeScript("const h = s => document.querySelector(s).getBoundingClientRect().height;"
                    + " return h('table.tape') > h('.tape-panel');"))
                    .as("a full tape scrolls beside the ladder instead of stretching the page").isTrue();
            // every recorded symbol, Kraken's beside Binance's: one market across venues
            wait.until(d -> d.findElements(By.cssSelector("#heatmap .cell")).size() == 16);
            @SuppressWarnings("unchecked")
            List<String> pairs = (List<String>) driver.executeScript("return [...document.querySelectorAll('#heatmap .cell')]"
                    + ".map(c => c.dataset.a + '/' + c.dataset.b);");
            assertThat(pairs).hasSize(16).doesNotHaveDuplicates();
            assertThat(pairs).contains("binance:BTCUSDT/binance:ETHUSDT", "binance:SOLUSDT/binance:SOLUSDT", "binance:BTCUSDT/kraken:BTC/USD");
            assertThat(driver.findElement(By.id("heatmap")).getText()).as("each symbol named with its exchange")
                    .contains("binance BTCUSDT", "kraken BTC/USD");
            wait.until(d -> Integer.parseInt(d.findElement(By.id("mid")).getAttribute("data-points")) > 5);
            // the chart is drawn at the size the page shows it (its labels are not stretched)
            assertThat((Boolean) driver.executeScript("const c = document.getElementById('mid'), r = window.devicePixelRatio || 1;"
                    + " return c.width === Math.round(c.clientWidth * r) && c.height === Math.round(c.clientHeight * r);")).isTrue();
            Thread.sleep(1000);
            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Path target = Paths.get("target", "web-page.png");
            Files.createDirectories(target.getParent());
            Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
            // a phone-wide window: one column, the tape below the ladder, no column cut off
            driver.manage().window().setSize(new Dimension(480, 900));
            wait.until(d -> (Boolean) ((ChromeDriver) d).executeScript("const r = s => document.querySelector(s).getBoundingClientRect();"
                    + " return r('.tape-panel').top >= r('.ladder').bottom;"));
            @SuppressWarnings("unchecked")
            List<Number> edges = (List<Number>) driver.executeScript("const w = document.documentElement.clientWidth;"
                    + " return [...document.querySelectorAll('table.tape th, table.ladder th, #tape tr:first-child td')]"
                    + ".map(c => c.getBoundingClientRect().right - w);");
            assertThat(edges).as("every column's right edge inside the window").isNotEmpty().allMatch(x -> x.doubleValue() <= 0);
            assertThat((Number) driver.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;"))
                    .as("no sideways scrolling").isEqualTo(0L);
            driver.manage().window().setSize(new Dimension(1280, 1700));

            // the relay's form of address, in any case, picks the symbol too
            driver.get("http://127.0.0.1:" + narrowPort + "/?exchange=binance&symbol=solusdt");
            wait.until(d -> d.findElements(By.cssSelector("#heatmap .cell")).size() == 4);
            assertThat(new Select(driver.findElement(By.id("symbol"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("binance:SOLUSDT");
            @SuppressWarnings("unchecked")
            List<String> narrowPairs = (List<String>) driver.executeScript("return [...document.querySelectorAll('#heatmap .cell')]"
                    + ".map(c => c.dataset.a + '/' + c.dataset.b);");
            assertThat(narrowPairs).as("the chosen symbol and one of its exchange").contains("binance:SOLUSDT/binance:SOLUSDT").hasSize(4)
                    .allMatch(p -> p.startsWith("binance:") && p.contains("/binance:"));
            assertThat(driver.findElement(By.id("heatinfo")).getText()).contains("2 of 4 symbols");
            assertThat(driver.findElement(By.id("heatmap")).getText()).as("one exchange: the symbols alone").contains("SOLUSDT")
                    .doesNotContain("binance");
            // Kraken's symbol, alone on its exchange, gets its heat map with the other exchange's symbols
            driver.get("http://127.0.0.1:" + narrowPort + "/?symbol=kraken:BTC/USD");
            wait.until(d -> d.findElements(By.cssSelector("#heatmap .cell")).size() == 4);
            @SuppressWarnings("unchecked")
            List<String> krakenPairs = (List<String>) driver.executeScript("return [...document.querySelectorAll('#heatmap .cell')]"
                    + ".map(c => c.dataset.a + '/' + c.dataset.b);");
            assertThat(krakenPairs).contains("kraken:BTC/USD/kraken:BTC/USD").anyMatch(p -> p.startsWith("kraken:BTC/USD/binance:"));
            // a choice goes into the address, to bookmark or share
            new Select(driver.findElement(By.id("symbol"))).selectByValue("binance:ETHUSDT");
            wait.until(d -> d.getCurrentUrl().endsWith("/?symbol=binance%3AETHUSDT"));
            // a symbol not recorded here is said, not silently replaced
            driver.get("http://127.0.0.1:" + narrowPort + "/?symbol=binance:NOPEUSDT");
            wait.until(d -> d.findElement(By.id("notice")).getText().equals("binance NOPEUSDT is not recorded here"));
            // Kraken's legacy asset names find its symbols, as the relay and /book do; other exchanges' names stay as given
            String recorded = "[{exchange:'kraken',symbol:'BTC/USD',symbol_fs:'BTCUSD'},{exchange:'kraken',symbol:'DOGE/EUR',symbol_fs:'DOGEEUR'},"
                    + "{exchange:'binance',symbol:'BTCUSDT',symbol_fs:'BTCUSDT'}]";
            assertThat(driver.executeScript("return [['kraken','xbt/usd'],['kraken','XDGEUR'],[null,'XBTUSD'],['binance','XBTUSDT']]"
                    + ".map(([e, n]) => findSymbol(" + recorded + ", e, n)?.symbol_fs ?? null);"))
                    .isEqualTo(Arrays.asList("BTCUSD", "DOGEEUR", "BTCUSD", null));

            // the recorder stops cleanly: the page says so and keeps the book, also when opened afterwards
            driver.get("http://127.0.0.1:" + port + "/?symbol=binance:BTCUSDT");
            wait.until(d -> d.findElement(By.id("status")).getText().startsWith("live"));
            // a market that stands still: the page says for how long nothing came, and stops saying it when it moves
            simulator.pause();
            try {
                wait.until(d -> d.findElement(By.id("age")).getText().matches("no update for \\d+ s"));
                // past a minute (/health's clock moved ahead): the recorder's heartbeat rows say the market is quiet
                ahead.set(90_000);
                wait.until(d -> d.findElement(By.id("age")).getText().matches("no update for \\d+ s · a quiet market: the recorder is alive"));
                assertThat(driver.findElement(By.id("age")).getAttribute("class")).isEqualTo("age");
                ahead.set(200_000); // no ledger row for over 150 s: nothing shows the recorder is there
                wait.until(d -> d.findElement(By.id("age")).getText().endsWith(" · no sign of the recorder"));
                assertThat(driver.findElement(By.id("age")).getAttribute("class")).isEqualTo("age bad");
            } finally {
                ahead.set(0);
                simulator.resume();
            }
            wait.until(d -> d.findElement(By.id("age")).getText().isEmpty());
            job.stopWithSavepoint(true, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
            wait.until(d -> d.findElement(By.id("status")).getText().startsWith("recorder stopped at "));
            assertThat(driver.findElements(By.cssSelector("#bids tr.bid"))).as("the book kept after the stop").isNotEmpty();
            driver.navigate().refresh();
            wait.until(d -> d.findElement(By.id("status")).getText().startsWith("recorder stopped at "));
            wait.until(d -> !d.findElements(By.cssSelector("#bids tr.bid")).isEmpty() && !d.findElements(By.cssSelector("#asks tr.ask")).isEmpty());
        } finally {
            driver.quit();
        }
    }

    private static int count(WebElement tape) {
        String c = tape.getAttribute("data-count");
        return c == null ? 0 : Integer.parseInt(c);
    }

    /** The exchange's 1m closes of each symbol for {@code [from, to)}, by open time. */
    private static List<TreeMap<Long, Double>> klines(HistoryCandleSource history, long from, long to) throws Exception {
        List<TreeMap<Long, Double>> s = new ArrayList<>();
        for (String sym : SYMBOLS) {
            TreeMap<Long, Double> closes = new TreeMap<>();
            for (Candle c : history.candles(Exchange.BINANCE, sym, Interval.parse("1m"), from, to)) {
                closes.put(c.openMs(), Double.parseDouble(c.close()));
            }
            assertThat(closes).as(sym + " klines").hasSize(1440);
            s.add(closes);
        }
        return s;
    }

    /** The 1m closes the history fetch stored in a symbol's history directory. */
    private static Map<Long, Double> stored(Path data, String sym) throws Exception {
        Map<Long, Double> closes = new TreeMap<>();
        try (Stream<Path> files = Files.list(data.resolve("binance").resolve(sym).resolve("history"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("candles_1m_")).toList()) {
                for (Candle c : HistoryFiles.readCandles(f)) {
                    closes.put(c.openMs(), Double.parseDouble(c.close()));
                }
            }
        }
        return closes;
    }

    /** Log returns of the closes, forward-filled on the minute grid, by plain loops: the reference. */
    private static double[][] returns(List<TreeMap<Long, Double>> s, long from, long to) {
        List<double[]> rows = new ArrayList<>();
        double[] last = {Double.NaN, Double.NaN, Double.NaN};
        for (long t = from; t < to; t += 60_000) {
            boolean all = true;
            for (int j = 0; j < 3; j++) {
                Double c = s.get(j).get(t);
                if (c != null) {
                    last[j] = c;
                }
                all &= !Double.isNaN(last[j]);
            }
            if (all) {
                rows.add(last.clone());
            }
        }
        double[][] r = new double[rows.size() - 1][3];
        for (int t = 1; t < rows.size(); t++) {
            for (int j = 0; j < 3; j++) {
                r[t - 1][j] = Math.log(rows.get(t)[j] / rows.get(t - 1)[j]);
            }
        }
        return r;
    }

    private static double pearson(double[][] r, int a, int b) {
        double ma = 0;
        double mb = 0;
        for (double[] x : r) {
            ma += x[a];
            mb += x[b];
        }
        ma /= r.length;
        mb /= r.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (double[] x : r) {
            sab += (x[a] - ma) * (x[b] - mb);
            saa += (x[a] - ma) * (x[a] - ma);
            sbb += (x[b] - mb) * (x[b] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
