package io.mm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark reads the latency histograms (1,024 values per symbol) before a symbol can overwrite one it has not read. */
class RecordBenchTest {
    @Test
    void readsOftenEnoughForEveryValueOfASymbolAtItsRate() {
        for (double rate : new double[] {40, 130, 154, 400, 1000, 1600, 5000, 8500}) {
            for (long most : new long[] {250, 1000}) {
                long ms = RecordBench.sampleMillis(rate, most);
                assertThat(rate * 2.5 * ms / 1000).as("values a symbol adds between reads at %.0f steps/s", rate).isLessThanOrEqualTo(1024);
            }
        }
        assertThat(RecordBench.sampleMillis(154, 1000)).as("one read a second at the 500-symbol rates").isEqualTo(1000);
        assertThat(RecordBench.sampleMillis(154, 250)).as("four with a timeline").isEqualTo(250);
        assertThat(RecordBench.sampleMillis(1_000_000, 1000)).as("but never more than 50 a second").isEqualTo(20);
    }

    @Test
    void countsSealedStagingFilesAsTheCommitterBacklog(@TempDir Path data) throws Exception {
        assertThat(RecordBench.sealedStagingFiles(data)).as("nothing staged yet").isZero();
        Files.createDirectories(data.resolve(".staging/0"));
        Files.createDirectories(data.resolve(".staging/1"));
        Files.writeString(data.resolve(".staging/0/1-a-1.stage"), "x");
        Files.writeString(data.resolve(".staging/0/1-a-2.stage"), "x");
        Files.writeString(data.resolve(".staging/0/1-a-3.stage.part"), "still being written");
        Files.writeString(data.resolve(".staging/1/1-b-1.stage"), "x");
        assertThat(RecordBench.sealedStagingFiles(data)).isEqualTo(3);
    }
}
