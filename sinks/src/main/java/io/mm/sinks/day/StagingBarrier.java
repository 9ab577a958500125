package io.mm.sinks.day;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;

/**
 * Holds each committable back until its staging file is sealed ({@link StagingIo}: written, forced, renamed to
 * its final name). It runs in the committer's task, before the committer: the checkpoint barrier follows the
 * committables, so the committer task acknowledges a checkpoint only after every file that checkpoint's
 * committables name is durable, and a completed checkpoint never points at rows still on their way to disk.
 * The writer's task meanwhile goes on reading.
 */
final class StagingBarrier implements MapFunction<CommittableMessage<StagedRange>, CommittableMessage<StagedRange>> {
    private static final long serialVersionUID = 1L;

    private final String dataDir;
    private final long timeoutMillis;
    /** The last staging file seen sealed: a checkpoint's ranges all name the same one. */
    private transient String lastSealed;

    StagingBarrier(String dataDir, long timeoutMillis) {
        this.dataDir = dataDir;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public CommittableMessage<StagedRange> map(CommittableMessage<StagedRange> m) throws Exception {
        if (m instanceof CommittableWithLineage<StagedRange> c && !c.getCommittable().stagingFile().equals(lastSealed)) {
            awaitSealed(Paths.get(dataDir).toAbsolutePath().resolve(c.getCommittable().stagingFile()));
            lastSealed = c.getCommittable().stagingFile();
        }
        return m;
    }

    private void awaitSealed(Path sealed) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        Path failed = StagingIo.failedMarker(sealed);
        while (!Files.exists(sealed)) {
            if (Files.exists(failed)) {
                throw new IOException("staging failed, so this checkpoint cannot complete: " + Files.readString(failed, StandardCharsets.UTF_8));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(sealed + " was not sealed within " + timeoutMillis + " ms of its checkpoint");
            }
            Thread.sleep(1);
        }
    }
}
