package io.mm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** bin/cluster's usage: its comment block and nothing of the script, exit 0 when asked for, 2 after a wrong command. */
class ClusterScriptHelpTest {
    private static final Path SCRIPT = Paths.get("..", "bin", "cluster").toAbsolutePath().normalize();

    private record Run(int exit, String stdout, String stderr) {}

    private static Run run(String arg) throws Exception {
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), arg).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, err);
    }

    @Test
    void helpIsTheUsageOnStdoutWithExitZero() throws Exception {
        Run help = run("--help");
        assertThat(help.exit()).as(help.stderr()).isZero();
        assertThat(help.stdout()).contains("bin/cluster submit validate [flags]").contains("Settings: MM_FLINK_CONF_DIR")
                .doesNotContain("set -euo pipefail").doesNotContain("#");
    }

    @Test
    void aWrongCommandIsTheUsageOnStderrWithExitTwo() throws Exception {
        Run wrong = run("strat");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.stdout()).isEmpty();
        assertThat(wrong.stderr()).contains("bin/cluster start").doesNotContain("set -euo pipefail");
    }
}
