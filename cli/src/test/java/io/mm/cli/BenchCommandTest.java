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
        for (String[] args : new String[][] {{"bench", "relay", "--clients", "0"}, {"bench", "record", "--symbols", "-1"},
                {"bench", "record", "--rate", "0"}, {"bench", "combine", "--trades", "abc"}, {"bench", "sink", "--checkpoint-interval", "0"},
                {"bench", "relay", "--warmup", "-5"}}) {
            java.io.StringWriter err = new java.io.StringWriter();
            CommandLine cl = Mm.commandLine();
            cl.setErr(new java.io.PrintWriter(err, true));
            assertThat(cl.execute(args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString()).as(String.join(" ", args)).contains("Invalid value for option '" + args[2] + "'");
        }
    }

    @Test
    void aDirectoryThatCannotBeWrittenIsOneLineBeforeAnythingRuns(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(tmp.resolve("a-file"), "x");
        String below = file.resolve("x").toString();
        for (String[] args : new String[][] {{"bench", "validate", "--dir", below}, {"bench", "combine", "--dir", below},
                {"bench", "metrics", "--dir", below}, {"bench", "sink", "--out", below}}) {
            java.io.StringWriter err = new java.io.StringWriter();
            CommandLine cl = Mm.commandLine();
            cl.setErr(new java.io.PrintWriter(err, true));
            assertThat(cl.execute(args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString().strip()).isEqualTo("mm " + args[0] + " " + args[1] + ": " + args[2] + " " + below
                    + " cannot be created: " + file + " is a file");
        }
    }
}
