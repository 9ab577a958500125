package io.mm.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster entry points' defaults: where the validation report lands, and how a verdict ends the main method. */
class BoundedJobMainTest {
    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 12, 1, 10, 2, 3, 0, ZoneOffset.UTC);

    private static String report(List<String> args) {
        return args.get(args.indexOf("--report") + 1);
    }

    @Test
    void theReportLandsUnderTheDataRootOfEachKindOfInput() {
        String expected = Path.of("/shared/data/reports/validate-20261201T100203Z.json").toString();
        assertThat(report(ValidateMain.withDefaults(new String[] {"--data-dir", "/shared/data"}, NOW))).isEqualTo(expected);
        assertThat(report(ValidateMain.withDefaults(new String[] {"--symbol-dir", "/shared/data/binance/BTCUSDT"}, NOW))).isEqualTo(expected);
        assertThat(report(ValidateMain.withDefaults(new String[] {"--day-dir", "/shared/data/kraken/BTCUSD/20261201/"}, NOW)))
                .isEqualTo(expected);
    }

    @Test
    void aNamedReportAndTheArgumentsAreKeptAndTheProgressBarIsOff() {
        List<String> args = ValidateMain.withDefaults(new String[] {"--data-dir", "d", "--report", "/tmp/r.json", "--parallelism", "3"}, NOW);
        assertThat(args).containsExactly("--data-dir", "d", "--report", "/tmp/r.json", "--parallelism", "3", "--no-progress");
    }

    @Test
    void badArgumentsAndHelpAreLeftForTheCommandToAnswer() {
        assertThat(ValidateMain.withDefaults(new String[] {"--bogus"}, NOW)).containsExactly("--bogus");
        assertThat(ValidateMain.withDefaults(new String[] {"--help"}, NOW)).containsExactly("--help");
    }

    @Test
    void withoutADirectoryTheReportLandsUnderTheRecordersDataRoot() {
        Path root = io.mm.validator.ValidateCommand.defaultDataDir(System.getenv());
        assertThat(ValidateMain.withDefaults(new String[] {}, NOW))
                .containsExactly("--no-progress", "--report", root.resolve("reports").resolve("validate-20261201T100203Z.json").toString());
    }

    @Test
    void insideTheJobManagerAVerdictOtherThanCleanFailsTheApplicationInsteadOfExiting() {
        assertThat(BoundedJobMain.inJobManager()).as("a test's local environment is not the JobManager").isFalse();
        BoundedJobMain.finish("validate", 0, true);
        assertThatThrownBy(() -> BoundedJobMain.finish("validate", 1, true))
                .hasMessageContaining("mm validate ended with exit code 1");
        assertThatThrownBy(() -> BoundedJobMain.finish("combine", 2, true)).hasMessageContaining("exit code 2");
    }
}
