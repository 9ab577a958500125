package io.mm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.junit.jupiter.api.Test;

/** Every value recorded between construction and the last sample, each once, whatever the ring held before. */
class WindowLatenciesTest {
    private static final String KRAKEN = "h.tm.job.book-sync.0.exchange.kraken.symbol.A/USD.exchangeToFrameLatencyUs";
    private static final String BINANCE = "h.tm.job.book-sync.1.exchange.binance.symbol.AUSDT.exchangeToFrameLatencyUs";

    @Test
    void keepsExactlyTheValuesAddedWhileMeasuredAcrossTheRingsWrap() {
        DescriptiveStatisticsHistogram kraken = new DescriptiveStatisticsHistogram(1024);
        DescriptiveStatisticsHistogram binance = new DescriptiveStatisticsHistogram(1024);
        LongStream.range(0, 1500).forEach(v -> kraken.update(1_000_000 + v)); // before: wrapped once already
        LongStream.range(0, 10).forEach(v -> binance.update(2_000_000 + v)); // before: ring not yet full
        Map<String, Metric> metrics = new HashMap<>();
        metrics.put(KRAKEN, kraken);
        metrics.put(BINANCE, binance);
        metrics.put("h.tm.job.book-sync.0.exchange.kraken.symbol.A/USD.exchangeToReceiveLatencyUs", new DescriptiveStatisticsHistogram(8));

        WindowLatencies w = new WindowLatencies("exchangeToFrameLatencyUs", metrics);
        long next = 0;
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 700; i++) { // 3,500 in all: the ring wraps several times between and across samples
                kraken.update(next++);
            }
            binance.update(5_000 + round);
            w.sample(metrics);
        }

        assertThat(w.sorted("kraken")).containsExactly(LongStream.range(0, 3500).toArray());
        assertThat(w.sorted("binance")).containsExactly(5_000, 5_001, 5_002, 5_003, 5_004);
        assertThat(w.sorted(null)).hasSize(3505);
        assertThat(w.missed()).isZero();
    }

    @Test
    void aHistogramRegisteredWhileMeasuredCountsFromItsFirstValue() {
        DescriptiveStatisticsHistogram kraken = new DescriptiveStatisticsHistogram(1024);
        kraken.update(9_999_999); // before the window
        Map<String, Metric> metrics = new HashMap<>();
        metrics.put(KRAKEN, kraken);
        WindowLatencies w = new WindowLatencies("exchangeToFrameLatencyUs", metrics);
        kraken.update(1);
        w.sample(metrics);
        DescriptiveStatisticsHistogram binance = new DescriptiveStatisticsHistogram(1024);
        binance.update(7); // a symbol that started after the first read
        metrics.put(BINANCE, binance);
        binance.update(8);
        kraken.update(2);
        w.sample(metrics);
        kraken.update(3);
        binance.update(9);
        w.sample(metrics);
        assertThat(w.sorted("kraken")).containsExactly(1, 2, 3);
        assertThat(w.sorted("binance")).containsExactly(7, 8, 9);
        assertThat(w.missed()).isZero();
    }

    @Test
    void valuesAddedFasterThanTheRingHoldsKeepTheNewest() {
        DescriptiveStatisticsHistogram h = new DescriptiveStatisticsHistogram(1024);
        Map<String, Metric> metrics = Map.of(KRAKEN, h);
        WindowLatencies w = new WindowLatencies("exchangeToFrameLatencyUs", metrics);
        LongStream.range(0, 3000).forEach(h::update);
        w.sample(metrics);
        assertThat(w.sorted("kraken")).containsExactly(LongStream.range(3000 - 1024, 3000).toArray());
        assertThat(w.missed()).isEqualTo(3000 - 1024);
    }

    @Test
    void theLastSampleCountsOnlyItsOwnValues() {
        DescriptiveStatisticsHistogram h = new DescriptiveStatisticsHistogram(1024);
        Map<String, Metric> metrics = Map.of(KRAKEN, h);
        WindowLatencies w = new WindowLatencies("exchangeToFrameLatencyUs", metrics);
        h.update(70_000);
        h.update(10_000);
        h.update(50_000); // not over 50 ms
        w.sample(metrics);
        assertThat(w.lastSample()).isEqualTo("     3 values,     1 over 50 ms, max   70.0 ms");
        h.update(20_000);
        w.sample(metrics);
        assertThat(w.lastSample()).isEqualTo("     1 values,     0 over 50 ms, max   20.0 ms");
    }
}
