package io.mm.history;

import io.mm.core.candle.Interval;
import io.mm.core.candle.Candle;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.mm.history.binance.BinanceHistory;
import io.mm.history.fetch.HistoryHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real Binance REST bodies (../shared/testdata/binance/rest_*.json) served over loopback HTTP: each endpoint's
 * first request gets the real body, later ones an empty page, so the client's parsing and its next-page request
 * are both checked against what Binance really sends.
 */
class BinanceRealBodiesTest {

    HttpServer server;
    final List<String> requests = new ArrayList<>();
    final Map<String, Boolean> served = new ConcurrentHashMap<>();
    HistoryHttp http;
    BinanceHistory client;

    @BeforeEach
    void serve() throws IOException {
        Path data = io.mm.core.TestData.path("binance");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v3/", ex -> {
            String path = ex.getRequestURI().getPath();
            synchronized (requests) {
                requests.add(ex.getRequestURI().toString());
            }
            String file = switch (path) {
                case "/api/v3/klines" -> "rest_klines.json";
                case "/api/v3/aggTrades" -> "rest_agg_trades.json";
                case "/api/v3/historicalTrades" -> "rest_historical_trades.json";
                default -> null;
            };
            byte[] body = file == null || served.putIfAbsent(path, true) != null ? "[]".getBytes(StandardCharsets.UTF_8)
                    : Files.readAllBytes(data.resolve(file));
            ex.getResponseHeaders().add("X-MBX-USED-WEIGHT-1M", "12");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        http = new HistoryHttp(new HistoryHttp.Limits(6000, 0, 0, 2, 10, 1000, 5000));
    }

    @AfterEach
    void stop() {
        if (server != null) { // null when the test data is missing and the test was skipped before it started
            server.stop(0);
        }
        if (http != null) {
            http.close();
        }
    }

    BinanceHistory client(boolean historical) {
        return new BinanceHistory("http://127.0.0.1:" + server.getAddress().getPort(), http, () -> 1_900_000_000_000L, historical, 10);
    }

    @Test
    void realKlinesAreReadColumnByColumnAndTheNextPageStartsAfterTheLast() throws IOException {
        List<Candle> c = new ArrayList<>();
        client(false).candles("BTCUSDT", Interval.parse("1m"), 1_634_943_780_000L, 1_634_944_400_000L, c::add);
        assertThat(c).hasSize(10);
        assertThat(c.get(0)).isEqualTo(new Candle(1_634_943_780_000L, 1_634_943_839_999L, "60685.22000000", "60729.84000000",
                "60670.90000000", "60719.27000000", "21.63272000", 617, Candle.Source.EXCHANGE));
        assertThat(c.get(9).trades()).isEqualTo(7);
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1)).contains("startTime=1634944380000").contains("endTime=1634944399999").contains("interval=1m");
    }

    @Test
    void realAggTradesGiveTakerSidesAndTheNextPageAsksFromTheNextId() throws IOException {
        List<HistoryTrade> t = new ArrayList<>();
        client(false).trades("BTCUSDT", 1_634_944_096_000L, 1_634_944_099_000L, t::add);
        assertThat(t).hasSize(10);
        assertThat(t.get(0)).isEqualTo(new HistoryTrade(966_492_862L, 1_634_944_096_633_000L, "60759.60000000", "0.00841000", "buy"));
        assertThat(t).extracting(HistoryTrade::id).isSorted().doesNotHaveDuplicates();
        assertThat(requests.get(0)).contains("startTime=1634944096000").contains("endTime=1634944098999");
        assertThat(requests.get(1)).contains("fromId=966492872");
    }

    @Test
    void realHistoricalTradesAreIndividualTradesFromTheFirstAggregatesFirstId() throws IOException {
        List<HistoryTrade> t = new ArrayList<>();
        client(true).trades("BTCUSDT", 1_634_943_219_000L, 1_634_943_221_000L, t::add);
        assertThat(t).hasSize(10);
        assertThat(t.get(0)).isEqualTo(new HistoryTrade(1_111_471_896L, 1_634_943_219_887_000L, "60814.78000000", "0.00034000", "sell"));
        assertThat(requests.get(1)).startsWith("/api/v3/historicalTrades").contains("fromId=1111480471");
    }
}
