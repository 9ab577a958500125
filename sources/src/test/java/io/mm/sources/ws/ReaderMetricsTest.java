package io.mm.sources.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/** Connections count on their own sockets' threads at once: the reader's counters keep every count. */
class ReaderMetricsTest {

    @Test
    void countsFromConnectionsOnOtherThreadsAreNeverLost() throws Exception {
        ReaderMetrics m = new ReaderMetrics(new UnregisteredMetricsGroup(), new HandOffQueue(16, 10));
        Counter[] counters = {m.frames, m.bytes, m.connections, m.reconnects, m.handovers, m.dropped};
        int threads = 4;
        int each = 200_000;
        CountDownLatch start = new CountDownLatch(1);
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            ts[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    for (Counter c : counters) {
                        c.inc();
                    }
                }
            });
            ts[t].start();
        }
        start.countDown();
        for (Thread t : ts) {
            t.join();
        }
        for (Counter c : counters) {
            assertThat(c.getCount()).isEqualTo((long) threads * each);
        }
    }
}
