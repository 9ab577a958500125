package io.mm.sinks.day;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableSummary;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's staging thread and the barrier that keeps a checkpoint from completing before its staging file is durable. */
class StagingIoTest {
    @TempDir
    Path data;

    private CommittableMessage<StagedRange> committableFor(Path sealed) {
        String rel = data.relativize(sealed).toString();
        return new CommittableWithLineage<>(new StagedRange(StagedRange.APPEND_RAW, "x/Y/20240101/a.csv.gz", rel, 0, 1, 1, 1, 1, 1), 1, 0);
    }

    @Test
    void rangesAndWholeRecordsLandInOrderAndTheFileIsRenamedOnlyOnceSealed() throws Exception {
        ChunkPool pool = new ChunkPool(16);
        ChunkedBuffer rows = new ChunkedBuffer(pool);
        byte[] big = "r".repeat(ChunkPool.CHUNK + 100).getBytes(StandardCharsets.US_ASCII); // spans two chunks
        rows.append(big);
        Path sealed = data.resolve(".staging/0/1-a-1.stage");
        Files.createDirectories(sealed.getParent());
        CountDownLatch gate = new CountDownLatch(1);
        try (StagingIo io = new StagingIo(pool, "test-stager", true)) {
            StagingIo.StagingFile f = new StagingIo.StagingFile(sealed);
            io.write(f, 0, "head\n".getBytes(StandardCharsets.US_ASCII));
            int last = rows.chunkLength(rows.chunkCount() - 1);
            long len = rows.size();
            io.write(f, 5, rows.detach(), last, len);
            StagingBarrier barrier = new StagingBarrier(data.toString(), 60_000);
            CommittableMessage<StagedRange> summary = new CommittableSummary<>(0, 1, 1, 2, 0);
            CommittableMessage<StagedRange> first = committableFor(sealed);
            CommittableMessage<StagedRange> second = committableFor(sealed);
            barrier.hold(summary); // taken in at once, whether sealed or not: the writer must never wait for the seal
            barrier.hold(first);
            barrier.hold(second);
            List<CommittableMessage<StagedRange>> out = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> released = CompletableFuture.runAsync(() -> {
                gate.countDown();
                try {
                    barrier.release(out::add); // at the checkpoint barrier
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(gate.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(50);
            assertThat(released).as("no seal yet: the committables are held back").isNotDone();
            assertThat(out).isEmpty();
            io.seal(f);
            released.get(10, TimeUnit.SECONDS);
            assertThat(out).as("all of them, in order").containsExactly(summary, first, second);
            assertThat(barrier.held()).isZero();
            assertThat(Files.readString(sealed)).isEqualTo("head\n" + new String(big, StandardCharsets.US_ASCII));
            assertThat(f.part).doesNotExist();
            assertThat(io.inFlight()).isZero();
            io.check();
        }
    }

    @Test
    void aFailedWriteFailsTheTaskThreadAndTheBarrierNamingTheFile() throws Exception {
        ChunkPool pool = new ChunkPool(16);
        Path sealed = data.resolve("2-b-1.stage");
        try (StagingIo io = new StagingIo(pool, "test-stager", false)) {
            StagingIo.StagingFile f = new StagingIo.StagingFile(sealed);
            io.write(f, 7, new byte[] {1, 2, 3}); // the file is 0 bytes long: a range reserved out of order
            io.seal(f);
            StagingBarrier barrier = new StagingBarrier(data.toString(), 60_000);
            barrier.hold(committableFor(sealed));
            assertThatThrownBy(() -> barrier.release(m -> { }))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("staging failed")
                    .hasMessageContaining(f.part.toString())
                    .hasMessageContaining("offset 7");
            assertThatThrownBy(io::check).isInstanceOf(IOException.class).hasMessageContaining(f.part.toString());
            assertThat(sealed).as("never sealed").doesNotExist();
        }
    }

    @Test
    void withFsyncItForcesAsItWritesSoTheSealOnlyForcesARemainder() throws Exception {
        for (boolean fsync : new boolean[] {true, false}) {
            Path sealed = data.resolve("5-e-" + fsync + ".stage");
            byte[] row = new byte[(int) (StagingIo.FORCE_EVERY_BYTES / 4)];
            try (StagingIo io = new StagingIo(new ChunkPool(16), "test-stager", fsync)) {
                StagingIo.StagingFile f = new StagingIo.StagingFile(sealed);
                int n = (int) (2 * StagingIo.FORCE_EVERY_BYTES / row.length) + 1;
                for (int i = 0; i < n; i++) {
                    io.write(f, (long) i * row.length, row);
                }
                io.awaitInFlightAtMost(0);
                assertThat(f.unforced).as("fsync " + fsync).isEqualTo(fsync ? row.length : (long) n * row.length);
                io.seal(f);
                io.close();
                assertThat(Files.size(sealed)).isEqualTo((long) n * row.length);
            }
        }
    }

    @Test
    void aStagingFileNeverSealedFailsTheBarrierAfterItsTimeout() {
        StagingBarrier barrier = new StagingBarrier(data.toString(), 50);
        Path sealed = data.resolve("3-c-1.stage");
        barrier.hold(committableFor(sealed));
        assertThatThrownBy(() -> barrier.release(m -> { })).isInstanceOf(IOException.class)
                .hasMessageContaining(sealed + " was not sealed within 50 ms");
    }

    @Test
    void summariesAndRestoredRangesPassWithoutWaiting() throws Exception {
        Path sealed = data.resolve("4-d-1.stage");
        Files.writeString(sealed, "already there, as after a restore");
        StagingBarrier barrier = new StagingBarrier(data.toString(), 50);
        CommittableMessage<StagedRange> m = committableFor(sealed);
        CommittableMessage<StagedRange> summary = new CommittableSummary<>(0, 1, 1, 1, 0);
        barrier.hold(summary);
        barrier.hold(m);
        List<CommittableMessage<StagedRange>> out = new ArrayList<>();
        barrier.release(out::add);
        assertThat(out).containsExactly(summary, m);
    }
}
