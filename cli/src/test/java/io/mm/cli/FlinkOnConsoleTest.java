package io.mm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which commands' consoles show Flink's warnings: those that run the recorder; the others show their report only. */
class FlinkOnConsoleTest {
    @Test
    void theRecorderAndItsBenchesShowFlinksWarningsAndTheReportingCommandsDoNot() {
        assertThat(Mm.flinkOnConsole("record", "--simulate")).isTrue();
        assertThat(Mm.flinkOnConsole("check", "cluster")).isTrue();
        assertThat(Mm.flinkOnConsole("bench", "record", "--symbols", "10")).isTrue();
        assertThat(Mm.flinkOnConsole("bench", "sink")).isTrue();
        assertThat(Mm.flinkOnConsole("bench", "relay")).isTrue();
        assertThat(Mm.flinkOnConsole("bench", "validate", "--updates", "1000")).isFalse();
        assertThat(Mm.flinkOnConsole("bench", "combine")).isFalse();
        assertThat(Mm.flinkOnConsole("bench")).isFalse();
        assertThat(Mm.flinkOnConsole("validate", "--data-dir", "data")).isFalse();
        assertThat(Mm.flinkOnConsole("combine")).isFalse();
        assertThat(Mm.flinkOnConsole()).isFalse();
    }
}
