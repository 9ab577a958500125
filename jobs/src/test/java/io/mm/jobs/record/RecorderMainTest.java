package io.mm.jobs.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The job jar's recorder entry point reads bin/mm record's flags, and refuses what only bin/mm record can do. */
class RecorderMainTest {
    @Test
    void theFlagsOfBinMmRecordAreRead() {
        RecordCommand cmd = RecorderMain.parse(new String[] {"--symbol", "binance:BTCUSDT", "--skip-symbol-check"});
        assertThat(cmd.skipSymbolCheck).isTrue();
        assertThat(cmd.settings(java.util.Map.of()).string("SYMBOL", "")).isEqualTo("binance:BTCUSDT");
    }

    @Test
    void simulateIsRefusedOnAClusterInsteadOfRecordingTheRealExchanges() {
        assertThatThrownBy(() -> RecorderMain.parse(new String[] {"--simulate", "--symbol", "binance:BTCUSDT"}))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--simulate").hasMessageContaining("bin/mm simulator");
    }

    @Test
    void anUnknownFlagIsRefused() {
        assertThatThrownBy(() -> RecorderMain.parse(new String[] {"--bogus"})).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--bogus");
    }
}
