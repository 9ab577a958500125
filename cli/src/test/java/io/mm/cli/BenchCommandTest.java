package io.mm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.bench.BenchCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code bin/mm bench} and its benchmarks are among bin/mm's commands. */
class BenchCommandTest {
    @Test
    void binMmHasTheBenchCommandWithEveryBenchmark() {
        assertThat(Mm.commandLine().getSubcommands()).as("bin/mm's commands").containsKey("bench");
        CommandLine bench = Mm.commandLine().getSubcommands().get("bench");
        Object command = bench.getCommand();
        assertThat(command).isInstanceOf(BenchCommand.class);
        assertThat(bench.getSubcommands()).containsKeys("validate", "record", "sink", "combine", "relay", "metrics", "simulator");
    }

    @Test
    void aCountOutOfRangeIsRefusedNamingTheOptionBeforeAnythingRuns() {
        for (String[] args : new String[][] {{"relay", "--clients", "0"}, {"record", "--symbols", "-1"}, {"record", "--rate", "0"},
                {"combine", "--trades", "abc"}, {"sink", "--checkpoint-interval", "0"}, {"relay", "--warmup", "-5"}}) {
            java.io.StringWriter err = new java.io.StringWriter();
            CommandLine cl = Mm.commandLine();
            cl.setErr(new java.io.PrintWriter(err, true));
            assertThat(cl.execute(prepend("bench", args))).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString()).as(String.join(" ", args)).contains("Invalid value for option '" + args[1] + "'");
        }
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
