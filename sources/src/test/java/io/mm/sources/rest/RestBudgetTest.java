package io.mm.sources.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestBudgetTest {

    @Test
    void weightBeyondTheMinutesBudgetWaitsForTheNextMinute() {
        RestBudget b = new RestBudget("test-weight", 100, 0);
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 5; i++) {
            int n = i;
            b.submit(50, () -> ran.add(n));
        }
        // 100 of weight per minute: two requests now, the rest queued in order for later minutes
        assertThat(ran).hasSizeLessThanOrEqualTo(2).allMatch(i -> i < 2);
        assertThat(b.queued()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void theServersCountOfUsedWeightIsBelieved() {
        RestBudget b = new RestBudget("test-header", 100, 0);
        b.observedWeight(95);
        List<Integer> ran = new ArrayList<>();
        b.submit(10, () -> ran.add(1));
        assertThat(ran).isEmpty();
    }

    @Test
    void a429PausesEveryRequestForRetryAfter() {
        RestBudget b = new RestBudget("test-429", 0, 0);
        b.pause(429, 30_000);
        List<Integer> ran = new ArrayList<>();
        b.submit(1, () -> ran.add(1));
        assertThat(ran).isEmpty();
        assertThat(b.pausedForMs()).isBetween(29_000L, 30_000L);
        assertThat(RestSnapshotFetcher.retryAfterMs("7", 429)).isEqualTo(7_000);
        assertThat(RestSnapshotFetcher.retryAfterMs(null, 418)).isEqualTo(120_000);
        assertThat(RestSnapshotFetcher.retryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT", 429)).isEqualTo(60_000);
    }

    @Test
    void snapshotUrlsAndWeights() {
        RestEndpoints e = new RestEndpoints("http://h/binance/", "http://h/kraken", "http://h/bitfinex");
        assertThat(e.bookSnapshot(Exchange.BINANCE, "BTCUSDT", 1000)).isEqualTo("http://h/binance/api/v3/depth?symbol=BTCUSDT&limit=1000");
        assertThat(e.bookSnapshot(Exchange.KRAKEN, "BTC/USD", 10)).isEqualTo("http://h/kraken/0/public/Depth?pair=BTCUSD&count=10");
        assertThat(e.bookSnapshot(Exchange.BITFINEX, "tBTCUSD", 25)).isEqualTo("http://h/bitfinex/v2/book/tBTCUSD/P0?len=25");
        assertThat(RestEndpoints.binanceDepthWeight(100)).isEqualTo(5);
        assertThat(RestEndpoints.binanceDepthWeight(500)).isEqualTo(25);
        assertThat(RestEndpoints.binanceDepthWeight(1000)).isEqualTo(50);
        assertThat(RestEndpoints.binanceDepthWeight(5000)).isEqualTo(250);
    }
}
