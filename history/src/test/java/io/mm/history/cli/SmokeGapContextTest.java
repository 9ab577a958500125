package io.mm.history.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What smoke-gap says beside a missing range, from where it lies against the recording's listening spans. */
class SmokeGapContextTest {
    private static final long M = 60_000;
    /** Listening from 10:00:30 to 10:05:30, and again from 10:08:00 to 10:09:45. */
    private static final long T10 = 1_796_119_200_000L;
    private static final List<long[]> SPANS = List.of(new long[] {T10 + 30_000, T10 + 5 * M + 30_000}, new long[] {T10 + 8 * M, T10 + 9 * M + 45_000});

    private static String at(long fromMs, long toMs) {
        return SmokeGapCommand.context(new SmokeGapCommand.Range(fromMs, toMs, (int) ((toMs - fromMs) / M), 0), SPANS);
    }

    @Test
    void eachRangeIsPlacedAgainstTheSpans() {
        assertThat(at(T10 - 2 * M, T10 - M)).isEqualTo("before the recording began (2026-12-01T10:00:30Z)");
        assertThat(at(T10 - M, T10 + M)).isEqualTo("the recording began inside it (2026-12-01T10:00:30Z)");
        assertThat(at(T10 + 5 * M, T10 + 8 * M)).isEqualTo("the recorder was not listening for all of it");
        assertThat(at(T10 + 9 * M, T10 + 11 * M)).as("a recording still running: its newest ledger row is the last proof")
                .startsWith("the ledger proves listening only to 2026-12-01T10:09:45Z (its last row;");
        assertThat(at(T10 + 10 * M, T10 + 11 * M)).isEqualTo("after the recording ended (2026-12-01T10:09:45Z)");
        assertThat(SmokeGapCommand.context(new SmokeGapCommand.Range(T10, T10 + M, 1, 0), List.of())).isEqualTo("nothing was recorded");
    }
}
