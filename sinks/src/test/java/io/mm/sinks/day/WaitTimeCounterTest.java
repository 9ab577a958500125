package io.mm.sinks.day;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;

class WaitTimeCounterTest {
    @Test
    void shortWaitsAddUpInsteadOfVanishing() {
        SimpleCounter ms = new SimpleCounter();
        WaitTimeCounter waits = new WaitTimeCounter(ms);
        for (int i = 0; i < 10; i++) {
            waits.add(300_000); // 0.3 ms each
        }
        assertThat(ms.getCount()).isEqualTo(3); // 3.0 ms
        waits.add(2_500_000);
        assertThat(ms.getCount()).isEqualTo(5); // 5.5 ms, the half carried
        waits.add(500_000);
        assertThat(ms.getCount()).isEqualTo(6);
    }
}
