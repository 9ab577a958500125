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

    @Test
    void aBadSettingEndsTheMainWithOneLineAndExitStatus2() throws Exception {
        Process p = new ProcessBuilder(java.nio.file.Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RecorderMain.class.getName(), "--symbol", "binance:../x", "--skip-symbol-check")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        assertThat(out.lines().filter(l -> !l.isBlank()).toList()).as(out)
                .containsExactly("mm record: SYMBOL (--symbol) '../x' is not a Binance symbol (letters and digits, no '/', e.g. BTCUSDT)");
    }
}
