package io.mm.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

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
    void accountsForTheCpuAThreadUsesWhileMeasured() {
        ThreadCpu cpu = new ThreadCpu();
        long end = System.nanoTime() + 300_000_000L;
        long x = 0;
        while (System.nanoTime() < end) { // 0.3 s of this thread's CPU, on the benchmark's "main" line when run from main
            x += Long.numberOfTrailingZeros(x + System.nanoTime());
        }
        String report = cpu.report(1_000);
        assertThat(x).isPositive();
        assertThat(report).startsWith("CPU while measured: ").contains("us per message recorded");
        double total = Double.parseDouble(report.substring("CPU while measured: ".length(), report.indexOf(" cores")));
        assertThat(total).as("one thread busy the whole time (even if it only got part of a core)").isGreaterThan(0.2);
    }
}
