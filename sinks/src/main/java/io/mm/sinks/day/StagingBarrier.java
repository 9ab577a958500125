package io.mm.sinks.day;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;

/**
 * Holds a checkpoint's committables back until every staging file they name is sealed ({@link StagingIo}:
 * written, forced, renamed to its final name), so a completed checkpoint never points at rows still on their
 * way to disk. {@link StagingBarrierOperator} runs it in the committer's task, before the committer.
 *
 * <p>Committables are taken in at once and released together, at the checkpoint barrier: waiting for the seal
 * at the first committable instead stopped this task from reading the rest, and with hundreds of symbols a
 * checkpoint's committables (several thousand ranges) outgrow the network buffers between the tasks, so the
 * writer, and the recorder's operator chained before it, stopped too: a 70-140 ms stall at every checkpoint,
 * the whole of the recorder's p99 (docs/benchmarks.md).
 */
final class StagingBarrier {
    private final Path dataDir;
    private final long timeoutMillis;
    private final List<CommittableMessage<StagedRange>> held = new ArrayList<>();
    /** The last staging file seen sealed: a checkpoint's ranges all name the same one. */
    private String lastSealed;
    /** Staging files the held ranges name and that were not seen sealed yet, in order of arrival. */
    private final List<String> unsealed = new ArrayList<>();

    StagingBarrier(String dataDir, long timeoutMillis) {
        this.dataDir = Paths.get(dataDir).toAbsolutePath();
        this.timeoutMillis = timeoutMillis;
    }

    void hold(CommittableMessage<StagedRange> m) {
        held.add(m);
        if (m instanceof CommittableWithLineage<StagedRange> c) {
            String file = c.getCommittable().stagingFile();
            if (!file.equals(lastSealed) && (unsealed.isEmpty() || !unsealed.get(unsealed.size() - 1).equals(file))) {
                unsealed.add(file);
            }
        }
    }

    int held() {
        return held.size();
    }

    /** Waits until every staging file the held committables name is sealed, then passes them on in order. */
    void release(Consumer<CommittableMessage<StagedRange>> out) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        for (String file : unsealed) {
            if (!file.equals(lastSealed)) {
                awaitSealed(dataDir.resolve(file), deadline);
                lastSealed = file;
            }
        }
        unsealed.clear();
        for (CommittableMessage<StagedRange> m : held) {
            out.accept(m);
        }
        held.clear();
    }

    private void awaitSealed(Path sealed, long deadline) throws IOException, InterruptedException {
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
