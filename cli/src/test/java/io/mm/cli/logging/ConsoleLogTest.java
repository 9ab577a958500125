package io.mm.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/mm's logging configuration, loaded as bin/mm loads it: a checkpoint declined by a task that is starting or
 * stopping stays off the console (every clean stop has one) and in logs/mm.log; any other checkpoint failure
 * reaches the console in one line; a stopped RPC endpoint's dropped timers stay in logs/mm.log.
 */
class ConsoleLogTest {
    private static final Path CONFIG = Paths.get("src", "main", "resources", "log4j2-mm.properties");

    @Test
    void aDeclinedCheckpointStaysOffTheConsoleAndOtherCheckpointFailuresDoNot(@TempDir Path logs) throws IOException {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream err = System.err;
        String before = System.getProperty("mm.logs.dir");
        System.setProperty("mm.logs.dir", logs.toString());
        LoggerContext ctx = new LoggerContext("console-test");
        Log4jComplaints complaints = Log4jComplaints.listen();
        try {
            System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
            Configuration c = ConfigurationFactory.getInstance().getConfiguration(ctx,
                    new ConfigurationSource(Files.newInputStream(CONFIG), CONFIG.toFile()));
            ctx.start(c);
            Logger log = ctx.getLogger("org.apache.flink.runtime.checkpoint.CheckpointFailureManager");
            for (CheckpointFailureReason r : DeclinedCheckpointFilter.RACES) {
                log.warn("Failed to trigger or complete checkpoint 31 (" + r + ")", new CheckpointException(r));
            }
            log.warn("Failed to trigger or complete checkpoint 31 (task gone)", new CheckpointException("TaskManager received a "
                    + "checkpoint request for unknown task 276f_51d6_0_0.", CheckpointFailureReason.TASK_CHECKPOINT_FAILURE));
            log.warn("Failed to trigger or complete checkpoint 33 (task failed)", new CheckpointException(
                    CheckpointFailureReason.TASK_CHECKPOINT_FAILURE, new IOException("No space left on device")));
            log.warn("Failed to trigger or complete checkpoint 32 (disk)", new CheckpointException(CheckpointFailureReason.IO_EXCEPTION,
                    new IOException("No space left on device")));
            ctx.getLogger("org.apache.flink.runtime.rpc.RpcEndpoint$MainThreadExecutor")
                    .warn("The scheduled executor service is shutdown and ignores the command FutureUtils$$Lambda$2029");
            ctx.getLogger("org.apache.flink.runtime.rpc.RpcEndpoint").warn("another RPC warning");
        } finally {
            complaints.stop();
            ctx.stop();
            System.setErr(err);
            if (before == null) {
                System.clearProperty("mm.logs.dir");
            } else {
                System.setProperty("mm.logs.dir", before);
            }
        }
        assertThat(complaints.seen).as("log4j's complaints about the configuration").isEmpty();
        String out = console.toString(StandardCharsets.UTF_8);
        assertThat(out).as("the console").doesNotContain("checkpoint 31").contains("checkpoint 32 (disk)", "checkpoint 33 (task failed)");
        assertThat(out.lines().filter(l -> l.contains("checkpoint 32")).count()).as("one line").isEqualTo(1);
        assertThat(out).as("a stopped RPC endpoint's dropped timers stay off the console, other RPC warnings do not")
                .doesNotContain("ignores the command").contains("another RPC warning");
        String file = Files.readString(logs.resolve("mm.log"));
        for (CheckpointFailureReason r : DeclinedCheckpointFilter.RACES) {
            assertThat(file).as("logs/mm.log").contains("checkpoint 31 (" + r + ")");
        }
        assertThat(file).as("logs/mm.log").contains("checkpoint 31 (task gone)", "ignores the command");
    }
}
