package io.mm.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark reads the latency histograms (1,024 values per symbol) before a symbol can overwrite one it has not read. */
class RecordBenchTest {
    @Test
    void readsOftenEnoughForEveryValueOfASymbolAtItsRate() {
        for (double rate : new double[] {40, 130, 1000, 1600, 5000, 8500}) {
            long ms = RecordBench.sampleMillis(rate);
            assertThat(rate * 2.5 * ms / 1000).as("values a symbol adds between reads at %.0f steps/s", rate).isLessThanOrEqualTo(1024);
        }
        assertThat(RecordBench.sampleMillis(130)).as("four reads a second at the usual rates").isEqualTo(250);
        assertThat(RecordBench.sampleMillis(1_000_000)).as("but never more than 50 a second").isEqualTo(20);
    }
}
