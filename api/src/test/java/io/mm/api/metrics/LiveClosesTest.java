package io.mm.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The live closes a metrics answer takes: each interval's last trade, the newest intervals kept, memory bounded. */
class LiveClosesTest {
    private static final long S = 1000;
    private static final long T0 = 1_796_648_000_000L;

    @Test
    void eachIntervalClosesAtItsLastTradeAndAnOlderTradeIsLeftOut() {
        LiveCloses c = new LiveCloses(S, 100);
        c.trade(T0 + 100, 10);
        c.trade(T0 + 900, 11);
        c.trade(T0 + 3 * S + 5, 12); // two intervals without a trade between
        c.trade(T0 + 500, 99); // older than the newest interval: out of order
        Map<Long, Double> into = new TreeMap<>();
        assertThat(c.fill(into, T0 - 10 * S, T0 + 10 * S, o -> true)).isEqualTo(2);
        assertThat(into).containsExactly(Map.entry(T0, 11.0), Map.entry(T0 + 3 * S, 12.0));
    }

    @Test
    void whatTheDiskHasWinsAndOnlyTheRangeAskedIsFilled() {
        LiveCloses c = new LiveCloses(S, 100);
        for (int i = 0; i < 10; i++) {
            c.trade(T0 + i * S, i);
        }
        Map<Long, Double> into = new TreeMap<>(Map.of(T0 + 4 * S, 40.0));
        assertThat(c.fill(into, T0 + 3 * S, T0 + 6 * S, o -> true)).isEqualTo(2); // [3 s, 6 s): 3 and 5, 4 is on disk
        assertThat(into).containsExactly(Map.entry(T0 + 3 * S, 3.0), Map.entry(T0 + 4 * S, 40.0), Map.entry(T0 + 5 * S, 5.0));
    }

    @Test
    void anIntervalTheRecorderDidNotListenToInFullIsLeftToTheExchange() {
        LiveCloses c = new LiveCloses(S, 100);
        for (int i = 0; i < 4; i++) {
            c.trade(T0 + i * S, i);
        }
        Map<Long, Double> into = new TreeMap<>();
        assertThat(c.fill(into, T0, T0 + 4 * S, o -> o != T0 + 2 * S)).isEqualTo(3);
        assertThat(into).containsOnlyKeys(T0, T0 + S, T0 + 3 * S);
    }

    @Test
    void aWeekOfSecondsIsHeldInAFixedRingOfTheNewestIntervals() {
        int capacity = 5000;
        LiveCloses c = new LiveCloses(S, capacity);
        TreeMap<Long, Double> truth = new TreeMap<>();
        Random r = new Random(7);
        long t = T0;
        for (int i = 0; i < 200_000; i++) {
            t += r.nextInt(r.nextInt(20) == 0 ? 3_000_000 : 900); // now and then a long silence, past the ring's length
            double p = 100 + r.nextInt(1000);
            c.trade(t, p);
            truth.put(Math.floorDiv(t, S) * S, p);
        }
        assertThat(c.length()).isEqualTo(capacity);
        long newest = Math.floorDiv(t, S) * S;
        long from = newest - (capacity - 1) * S;
        Map<Long, Double> into = new TreeMap<>();
        c.fill(into, 0, Long.MAX_VALUE / 2, o -> true);
        assertThat(into).as("exactly the newest intervals' closes").isEqualTo(truth.subMap(from, true, newest, true));
    }

    @Test
    void theRingGrowsWithTheIntervalsSoAFewOfThemTakeLittle() {
        long m = 60 * S;
        long t0 = T0 / m * m;
        LiveCloses c = new LiveCloses(m, 525_601);
        for (int i = 0; i < 3000; i++) {
            c.trade(t0 + i * m + 30 * S, i);
        }
        assertThat(c.length()).isBetween(3000, 4096);
        Map<Long, Double> into = new TreeMap<>();
        assertThat(c.fill(into, t0, t0 + 3000 * m, o -> true)).isEqualTo(3000);
        assertThat(into.get(t0)).isEqualTo(0.0);
        assertThat(into.get(t0 + 2999 * m)).isEqualTo(2999.0);
    }
}
