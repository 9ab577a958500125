package io.mm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CPU report names the work by its threads' names, which the job and the simulator give them. */
class ThreadCpuTest {
    @Test
    void groupsThreadsByTheNamesTheJobAndTheSimulatorGive() {
        assertThat(ThreadCpu.group("sim-market")).isEqualTo("simulator: market thread");
        assertThat(ThreadCpu.group("book-sync -> day files: Writer (2/2)#0")).isEqualTo("book operator + day-file writer tasks");
        assertThat(ThreadCpu.group("day files: Committer hand-off -> day files: Committer (1/2)#0")).isEqualTo("day files: committer tasks");
        assertThat(ThreadCpu.group("day-file-committer-0-3")).isEqualTo("day files: committer's compressing threads");
        assertThat(ThreadCpu.group("day-file-stager-1")).isEqualTo("day files: staging threads");
        assertThat(ThreadCpu.group("OkHttp http://127.0.0.1:41463/...")).isEqualTo("sources: socket readers (OkHttp)");
        assertThat(ThreadCpu.group("flink-pekko.actor.default-dispatcher-7")).startsWith("other Java threads");
    }

    @Test
    void reportsEachGroupsCoresAndCpuPerMessageWithTheRestAsTheJvmsOwn() {
        List<ThreadCpu.ThreadUse> used = List.of(
                new ThreadCpu.ThreadUse("book-sync -> day files: Writer (1/2)#0", 3_000_000_000L),
                new ThreadCpu.ThreadUse("book-sync -> day files: Writer (2/2)#0", 1_000_000_000L),
                new ThreadCpu.ThreadUse("day-file-committer-0-1", 400_000_000L),
                new ThreadCpu.ThreadUse("flink-pekko.actor.default-dispatcher-7", 200_000_000L));
        // 6 s of the process's CPU in 4 s, 10,000 messages; the threads account for 4.6 s of it
        String[] lines = ThreadCpu.format(used, 6_000_000_000L, 4.0, 2, 10_000).split("\\R");

        assertThat(lines[0]).isEqualTo("CPU while measured: 1.50 cores (of 2), 600.0 us per message recorded");
        assertThat(lines).hasSize(1 + 9 + 2); // every group in print order, then other threads and the JVM itself
        assertThat(lines[1]).startsWith("  simulator: market thread").endsWith(" 0.00 cores    0.0 us/msg");
        assertThat(line(lines, "book operator + day-file writer tasks")).endsWith(" 1.00 cores  400.0 us/msg");
        assertThat(line(lines, "day files: committer's compressing threads")).endsWith(" 0.10 cores   40.0 us/msg");
        assertThat(line(lines, "other Java threads")).endsWith(" 0.05 cores   20.0 us/msg");
        assertThat(lines[lines.length - 1]).startsWith("  GC, JIT, JVM (the rest of the process)").endsWith(" 0.35 cores  140.0 us/msg");
    }

    @Test
    void aThreadsCpuBeyondTheProcesssReadingLeavesNoNegativeRemainder() {
        // the process's and the threads' clocks are read one after the other: the threads may show more
        String[] lines = ThreadCpu.format(List.of(new ThreadCpu.ThreadUse("main", 2_000_000_000L)), 1_900_000_000L, 1.0, 2, 0)
                .split("\\R");
        assertThat(line(lines, "benchmark (reading metrics)")).endsWith(" 2.00 cores    NaN us/msg");
        assertThat(lines[lines.length - 1]).endsWith(" 0.00 cores    NaN us/msg");
    }

    @Test
    void measuresTheLiveProcessIntoTheSameReport() {
        String[] lines = new ThreadCpu().report(1).split("\\R");
        assertThat(lines[0]).matches("CPU while measured: \\d+\\.\\d\\d cores \\(of \\d+\\), \\d+\\.\\d us per message recorded");
        assertThat(lines).hasSize(12);
    }

    private static String line(String[] lines, String group) {
        return Arrays.stream(lines).filter(l -> l.startsWith("  " + group)).findFirst().orElseThrow();
    }
}
