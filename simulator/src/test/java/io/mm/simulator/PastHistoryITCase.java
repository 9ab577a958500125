package io.mm.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.core.clock.RecorderClock;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The markets' past over REST: 30 days of 1-minute history before the start on all three exchanges, the same
 * for the same seed, joined to what is streamed after the start, and with symbols moving together in part.
 */
class PastHistoryITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MINUTE = 60_000;

    private static Simulator start(long seed, long startMs) throws Exception {
        return Simulator.builder().seed(seed).rate(200).clock(RecorderClock.parse("start=" + java.time.Instant.ofEpochMilli(startMs)
                + ",speed=1", System.currentTimeMillis())).exchanges(EnumSet.allOf(Exchange.class)).build().start();
    }

    /** Binance 1m klines over [from, to), paged as a client pages them. */
    private static List<JsonNode> klines(Simulator s, String symbol, long from, long to) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        long at = from;
        while (at < to) {
            JsonNode page = JSON.readTree(SimClient.get(s.urls().binanceRest() + "/api/v3/klines?symbol=" + symbol + "&interval=1m&startTime="
                    + at + "&endTime=" + (to - 1) + "&limit=1000").body());
            if (page.isEmpty()) {
                break;
            }
            page.forEach(out::add);
            at = page.get(page.size() - 1).get(0).asLong() + MINUTE;
        }
        return out;
    }

    @Test
    void thirtyDaysOfMinutesBeforeTheStartJoinedToTheStream() throws Exception {
        long startMs = 1_780_000_000_000L + 12_345; // a driven clock: the past is a function of the seed and this start
        long firstPast = (startMs / MINUTE - 30L * 1440) * MINUTE;
        List<JsonNode> btc;
        List<JsonNode> eth;
        try (Simulator s = start(7, startMs)) {
            btc = klines(s, "BTCUSDT", firstPast, startMs / MINUTE * MINUTE);
            eth = klines(s, "ETHUSDT", firstPast, startMs / MINUTE * MINUTE);
            assertThat(btc).hasSize(30 * 1440);
            for (int i = 0; i < btc.size(); i++) {
                assertThat(btc.get(i).get(0).asLong()).isEqualTo(firstPast + i * MINUTE);
                assertThat(btc.get(i).get(8).asInt()).as("trades a minute").isEqualTo(2);
            }
            // joined to the stream: the past closes at the start price, where the book starts
            Thread.sleep(1500);
            JsonNode trades = JSON.readTree(SimClient.get(s.urls().binanceRest() + "/api/v3/aggTrades?symbol=BTCUSDT&startTime=" + startMs
                    + "&limit=5").body());
            assertThat(trades).isNotEmpty();
            BigDecimal lastClose = new BigDecimal(btc.get(btc.size() - 1).get(4).asText());
            BigDecimal firstStreamed = new BigDecimal(trades.get(0).get("p").asText());
            assertThat(firstStreamed.subtract(lastClose).abs().divide(lastClose, java.math.MathContext.DECIMAL64).doubleValue())
                    .as("first streamed trade against the last minute's close").isLessThan(0.01);
            JsonNode before = JSON.readTree(SimClient.get(s.urls().binanceRest() + "/api/v3/aggTrades?symbol=BTCUSDT&startTime="
                    + (startMs - 3 * MINUTE) + "&limit=20").body());
            for (int i = 1; i < before.size(); i++) {
                assertThat(before.get(i).get("a").asLong()).as("trade ids run on across the start").isEqualTo(before.get(i - 1).get("a").asLong() + 1);
            }

            // Kraken and Bitfinex serve the same stretch in their own shapes
            JsonNode ohlc = JSON.readTree(SimClient.get(s.urls().krakenRest() + "/0/public/OHLC?pair=BTCUSD&interval=1").body());
            assertThat(ohlc.get("result").get("XBTUSD") != null ? ohlc.get("result").get("XBTUSD") : ohlc.get("result").get("BTCUSD"))
                    .hasSizeGreaterThanOrEqualTo(720);
            JsonNode candles = JSON.readTree(SimClient.get(s.urls().bitfinexRest() + "/v2/candles/trade:1m:tBTCUSD/hist?start=" + firstPast
                    + "&end=" + (firstPast + 1440 * MINUTE - 1) + "&limit=10000&sort=1").body());
            assertThat(candles).hasSize(1440);
        }
        // the same seed and start: the same past
        try (Simulator again = start(7, startMs)) {
            List<JsonNode> same = klines(again, "BTCUSDT", firstPast, firstPast + 1000 * MINUTE);
            assertThat(same).isEqualTo(btc.subList(0, 1000));
        }
        // symbols move together in part (a shared market factor): the minute returns are correlated
        double[] a = returns(btc);
        double[] b = returns(eth);
        assertThat(pearson(a, b)).isBetween(0.1, 0.95);
    }

    @Test
    void aSimulatorStartedLaterGoesOnAboveTheTradeIdsAnEarlierOneStreamed() throws Exception {
        long startMs = 1_780_000_000_000L;
        long lastOfFirst;
        try (Simulator s = start(7, startMs)) {
            Thread.sleep(2000);
            JsonNode t = JSON.readTree(SimClient.get(s.urls().binanceRest() + "/api/v3/aggTrades?symbol=BTCUSDT&startTime=" + startMs
                    + "&limit=1000").body());
            assertThat(t).as("trades streamed after the start").isNotEmpty();
            lastOfFirst = t.get(t.size() - 1).get("a").asLong();
        }
        // a minute later, as after bin/mm down and up: a recorder resuming from its savepoint skips ids it has seen
        try (Simulator later = start(7, startMs + MINUTE)) {
            Thread.sleep(1500);
            JsonNode t = JSON.readTree(SimClient.get(later.urls().binanceRest() + "/api/v3/aggTrades?symbol=BTCUSDT&startTime="
                    + (startMs + MINUTE) + "&limit=5").body());
            assertThat(t).isNotEmpty();
            assertThat(t.get(0).get("a").asLong()).as("the later simulator's first streamed trade id").isGreaterThan(lastOfFirst);
        }
    }

    private static double[] returns(List<JsonNode> k) {
        double[] r = new double[k.size() - 1];
        for (int i = 1; i < k.size(); i++) {
            r[i - 1] = Math.log(k.get(i).get(4).asDouble() / k.get(i - 1).get(4).asDouble());
        }
        return r;
    }

    private static double pearson(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= x.length;
        my /= y.length;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
