package io.mm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** The memory probe measures memory only if its reads wander through the whole array, not round a short loop in cache. */
class HostSpeedTest {
    @Test
    void theChaseIsOneCycleThroughEverySlot() {
        int n = 100_003;
        int[] next = HostSpeed.chase(n);
        BitSet seen = new BitSet(n);
        int at = 0;
        for (int i = 0; i < n; i++) {
            assertThat(seen.get(at)).as("slot %d visited twice after %d reads", at, i).isFalse();
            seen.set(at);
            at = next[at];
        }
        assertThat(at).as("back at the start after n reads").isZero();
        assertThat(seen.cardinality()).isEqualTo(n);
    }
}
