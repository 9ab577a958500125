package io.mm.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone cluster's logging configuration keeps a JobManager's or TaskManager's log bounded: it rolls over. */
class ClusterLogTest {
    private static final Path CONFIG = Paths.get("..", "flink-conf", "log4j.properties");

    @Test
    void aProcessLogRollsOverAtItsSizeAndKeepsItsLastFiles(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("jobmanager.log");
        Log4jComplaints complaints = Log4jComplaints.listen();
        System.setProperty("log.file", log.toString());
        System.setProperty("mm.log.max.size", "20KB");
        System.setProperty("mm.log.max.files", "3");
        LoggerContext ctx = new LoggerContext("cluster-log-test");
        try {
            Configuration c = ConfigurationFactory.getInstance().getConfiguration(ctx,
                    new ConfigurationSource(Files.newInputStream(CONFIG), CONFIG.toFile()));
            ctx.start(c);
            Logger jm = ctx.getLogger("org.apache.flink.runtime.checkpoint.CheckpointCoordinator");
            for (int i = 0; i < 2_000; i++) {
                jm.info("Completed checkpoint {} for job 0123456789abcdef0123456789abcdef (27377 bytes, checkpointDuration=7 ms).", i);
            }
        } finally {
            ctx.stop();
            complaints.stop();
            System.clearProperty("log.file");
            System.clearProperty("mm.log.max.size");
            System.clearProperty("mm.log.max.files");
        }
        assertThat(complaints.seen).as("log4j's complaints about the configuration").isEmpty();
        List<String> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        // some 240 KB written: the live file under the size, the three newest roll-overs compressed, the rest gone
        assertThat(files).containsExactly("jobmanager.log", "jobmanager.log.1.gz", "jobmanager.log.2.gz", "jobmanager.log.3.gz");
        assertThat(Files.size(log)).isLessThanOrEqualTo(21 * 1024);
        assertThat(Files.readString(log)).contains("Completed checkpoint 1999 ");
    }
}
