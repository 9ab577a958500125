package io.mm.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestBudgetTest {
    private static final long T0 = 1_780_000_000_000L;

    /**
     * Binance as the budget must treat it: weight counted per server minute at arrival (its minute boundaries
     * need not be ours), over 6000 is a 429, asking again during Retry-After a 418; every answer carries the
     * IP's weight used this minute. Other programs on the IP may spend weight too.
     */
    static final class Server {
        final VirtualTime time;
        final long phaseMs;
        final Random rnd;
        final Map<Long, Integer> perMinute = new HashMap<>();
        int refused;
        int answered;

        Server(VirtualTime time, long phaseMs, long seed) {
            this.time = time;
            this.phaseMs = phaseMs;
            this.rnd = new Random(seed);
        }

        long minute(long t) {
            return Math.floorDiv(t + phaseMs, 60_000);
        }

        /** A request sent now: it arrives after a random latency and is answered a little later. */
        void request(RestBudget budget, int weight, RestBudget.Ticket ticket) {
            long latency = 20 + rnd.nextInt(1500);
            time.schedule(() -> {
                int used = perMinute.merge(minute(time.getAsLong()), weight, Integer::sum);
                if (used > 6000) {
                    refused++;
                }
                time.schedule(() -> {
                    answered++;
                    ticket.done();
                    budget.observedWeight(used);
                }, 30 + rnd.nextInt(200));
            }, latency);
        }

        int maxPerMinute() {
            return perMinute.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }
    }

    @ParameterizedTest(name = "{0} snapshots of weight {1}, server minute offset {2} ms")
    @CsvSource({"1000, 50, 0", "1000, 50, 41234", "1000, 50, 59990", "300, 250, 17000", "2000, 5, 30500"})
    void aColdStartOfManySymbolsNeverExceedsTheServersLimitWhateverItsMinuteBoundaries(int n, int weight, long phase) {
        VirtualTime time = new VirtualTime(T0);
        RestBudget budget = new RestBudget("cold-start", 4800, 20, time, time);
        Server server = new Server(time, phase, n * 31L + weight);
        for (int i = 0; i < n; i++) {
            budget.submit(weight, t -> server.request(budget, weight, t));
        }
        time.runUntil(T0 + 3_600_000);
        assertThat(server.answered).isEqualTo(n);
        assertThat(server.refused).as("429s").isZero();
        // at most a budget's worth in any 60 s, plus what was in flight when the server's minute turned
        assertThat(server.maxPerMinute()).isLessThanOrEqualTo(4800 + 4800 / 8);
        // spread over the minutes the limit demands, and no longer
        long minutes = (long) Math.ceil(n * (double) weight / 4800);
        assertThat(time.getAsLong() - T0).isBetween((minutes - 1) * 60_000, (minutes + 1) * 60_000);
    }

    @Test
    void weightOtherProgramsSpendOnTheIpIsLeftToThem() {
        VirtualTime time = new VirtualTime(T0);
        RestBudget budget = new RestBudget("shared-ip", 4800, 20, time, time);
        Server server = new Server(time, 12_345, 7);
        // another program on the IP spends 1000 weight a minute, in small requests
        for (long t = 0; t < 20 * 60_000; t += 3_000) {
            time.schedule(() -> server.perMinute.merge(server.minute(time.getAsLong()), 50, Integer::sum), t);
        }
        for (int i = 0; i < 1000; i++) {
            budget.submit(50, t -> server.request(budget, 50, t));
        }
        time.runUntil(T0 + 3_600_000);
        assertThat(server.answered).isEqualTo(1000);
        assertThat(server.refused).isZero();
        assertThat(server.maxPerMinute()).isLessThanOrEqualTo(6000);
    }

    @Test
    void requestsInFlightAreBoundedByWeight() {
        VirtualTime time = new VirtualTime(T0);
        RestBudget budget = new RestBudget("in-flight", 4800, 0, time, time);
        List<RestBudget.Ticket> flying = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            budget.submit(50, flying::add);
        }
        assertThat(flying).hasSize(12); // 600 of weight, an eighth of the budget
        flying.get(0).done();
        flying.get(0).done(); // twice changes nothing
        time.runUntil(T0);
        assertThat(flying).hasSize(13);
        assertThat(budget.queued()).isEqualTo(87);
    }

    @Test
    void theServersCountOfUsedWeightIsBelieved() {
        VirtualTime time = new VirtualTime(T0);
        RestBudget b = new RestBudget("test-header", 100, 0, time, time);
        b.observedWeight(95);
        List<RestBudget.Ticket> ran = new ArrayList<>();
        b.submit(10, ran::add);
        assertThat(ran).isEmpty();
        time.runUntil(T0 + 59_000);
        assertThat(ran).isEmpty();
        time.runUntil(T0 + 61_000);
        assertThat(ran).hasSize(1);
    }

    @Test
    void a429PausesEveryRequestForRetryAfterAndMinimumSpacingHolds() {
        VirtualTime time = new VirtualTime(T0);
        RestBudget b = new RestBudget("test-429", 0, 1000, time, time);
        b.pause(429, 30_000);
        List<Long> sentAt = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            b.submit(1, t -> {
                sentAt.add(time.getAsLong());
                t.done();
            });
        }
        assertThat(b.pausedForMs()).isEqualTo(30_000);
        time.runUntil(T0 + 120_000);
        assertThat(sentAt).containsExactly(T0 + 30_000, T0 + 31_000, T0 + 32_000);
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        assertThat(RetryAfter.millis("7", 429, T0)).isEqualTo(7_000);
        assertThat(RetryAfter.millis(null, 418, T0)).isEqualTo(120_000);
        assertThat(RetryAfter.millis(null, 429, T0)).isEqualTo(60_000);
        assertThat(RetryAfter.millis("soon", 429, T0)).isEqualTo(60_000);
        assertThat(RetryAfter.millis("Wed, 21 Oct 2015 07:28:00 GMT", 429, 1_445_412_450_000L)).isEqualTo(30_000);
        assertThat(RetryAfter.millis("Wed, 21 Oct 2015 07:28:00 GMT", 429, 1_445_412_490_000L)).isZero();
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
