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
}
