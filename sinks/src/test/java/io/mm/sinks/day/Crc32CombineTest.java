package io.mm.sinks.day;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** A member's trailer is only as right as the combined CRC-32: every reader checks it. */
class Crc32CombineTest {
    private static int crc(byte[] b, int off, int len) {
        CRC32 c = new CRC32();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    @Test
    void combiningThePartsEqualsTheCrcOfTheWhole() {
        Random rnd = new Random(42);
        byte[] b = new byte[3 * 1024 * 1024 + 17];
        rnd.nextBytes(b);
        for (int trial = 0; trial < 200; trial++) {
            // up to five parts, cut anywhere (parts of length 0 and 1 included)
            int parts = 1 + rnd.nextInt(5);
            int len = trial < 3 ? trial : rnd.nextInt(b.length);
            int[] cuts = rnd.ints(parts - 1, 0, len + 1).sorted().toArray();
            int combined = 0;
            int from = 0;
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : len;
                combined = Crc32Combine.combine(combined, crc(b, from, to - from), to - from);
                from = to;
            }
            assertThat(combined).as("trial %d, length %d, cuts %s", trial, len, java.util.Arrays.toString(cuts)).isEqualTo(crc(b, 0, len));
        }
    }
}
