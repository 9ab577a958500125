package io.mm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/mm's own temporary directory: gone when the process ends, and one a killed process left removed by the next. */
class ScratchDirTest {
    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theDirectoriesOfProcessesThatAreGoneAreRemovedOthersKept(@TempDir Path base) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Path dead = Files.createDirectories(base.resolve("mm-" + gone.pid()).resolve("flink-io-1"));
        Files.writeString(dead.resolve("spill"), "x");
        Files.createDirectories(base.resolve("mm-" + ProcessHandle.current().pid()));
        Files.createDirectories(base.resolve("mm-cache"));
        ScratchDir.removeStale(base);
        assertThat(names(base)).containsExactly("mm-" + ProcessHandle.current().pid(), "mm-cache");
    }

    @Test
    void binMmLeavesNothingInTheTemporaryDirectory(@TempDir Path base) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Files.createDirectories(base.resolve("mm-" + gone.pid()).resolve("flink-rpc-akka-x.jar"));
        Process mm = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.io.tmpdir=" + base,
                "-cp", System.getProperty("java.class.path"), Mm.class.getName(), "--version").redirectErrorStream(true).start();
        String out = new String(mm.getInputStream().readAllBytes());
        assertThat(mm.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("mm ");
        assertThat(names(base)).as("its own directory and the killed process's are gone").isEmpty();
    }
}
