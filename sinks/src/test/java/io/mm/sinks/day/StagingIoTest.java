package io.mm.sinks.day;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
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
        return new CommittableWithLineage<>(new StagedRange(StagedRange.APPEND_SEGMENT, "x/Y/20240101/a.csv.gz", rel, 0, 1, 1, 1, 1, 1), 1, 0);
    }

    @Test
    void segmentsAndWholeRecordsLandInTheirSlotsAndTheFileIsRenamedOnlyOnceSealed() throws Exception {
        ChunkPool pool = new ChunkPool(16);
        ChunkedBuffer rows = new ChunkedBuffer(pool);
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 3 * ChunkPool.CHUNK + 100; i++) { // spans four chunks
            text.append(i).append(",r\n");
        }
        byte[] big = text.toString().getBytes(StandardCharsets.US_ASCII);
        rows.append(big);
        Path sealed = data.resolve(".staging/0/1-a-1.stage");
        Files.createDirectories(sealed.getParent());
        CountDownLatch gate = new CountDownLatch(1);
        try (StagingIo io = new StagingIo(pool, "test-stager", true, 6)) {
            StagingIo.StagingFile f = new StagingIo.StagingFile(sealed);
            io.write(f, 0, "head\n".getBytes(StandardCharsets.US_ASCII));
            int last = rows.chunkLength(rows.chunkCount() - 1);
            long len = rows.size();
            io.writeSegment(f, 5, rows.detach(), last, len);
            StagingBarrier barrier = new StagingBarrier(data.toString(), 60_000);
            CompletableFuture<CommittableMessage<StagedRange>> passed = CompletableFuture.supplyAsync(() -> {
                gate.countDown();
                try {
                    return barrier.map(committableFor(sealed));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(gate.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(50);
            assertThat(passed).as("no seal yet: the committable is held back").isNotDone();
            io.seal(f);
            assertThat(passed.get(10, TimeUnit.SECONDS)).isNotNull();
            assertThat(f.part).doesNotExist();
            assertThat(io.inFlight()).isZero();
            io.check();
        }
        byte[] file = Files.readAllBytes(sealed);
        assertThat(new String(file, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("head\n");
        DeflateSegment.Header h;
        try (FileChannel ch = FileChannel.open(sealed)) {
            h = DeflateSegment.Header.read(ch, 5, DeflateSegment.slotSize(big.length));
        }
        assertThat(h.rawLength()).isEqualTo(big.length);
        CRC32 crc = new CRC32();
        crc.update(big);
        assertThat(h.crc()).isEqualTo((int) crc.getValue());
        Inflater inf = new Inflater(true);
        inf.setInput(file, 5 + DeflateSegment.HEADER, (int) h.compressedLength());
        byte[] back = new byte[big.length + 1];
        assertThat(inf.inflate(back)).isEqualTo(big.length);
        assertThat(Arrays.copyOf(back, big.length)).isEqualTo(big);
        assertThat(inf.getRemaining()).as("the sync flush's empty block is all that is left").isZero();
        inf.end();
        assertThat(h.compressedLength()).as("compressed").isLessThan(big.length / 2);
    }

    @Test
    void aFailedWriteFailsTheTaskThreadAndTheBarrierNamingTheFile() throws Exception {
        ChunkPool pool = new ChunkPool(16);
        Path sealed = data.resolve("2-b-1.stage");
        try (StagingIo io = new StagingIo(pool, "test-stager", false, 6)) {
            StagingIo.StagingFile f = new StagingIo.StagingFile(sealed);
            f.channel.close(); // as if the disk had gone away
            io.write(f, 0, new byte[] {1, 2, 3});
            io.seal(f);
            StagingBarrier barrier = new StagingBarrier(data.toString(), 60_000);
            assertThatThrownBy(() -> barrier.map(committableFor(sealed)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("staging failed")
                    .hasMessageContaining(f.part.toString())
                    .hasMessageContaining("ClosedChannelException");
            assertThatThrownBy(io::check).isInstanceOf(IOException.class).hasMessageContaining(f.part.toString());
            assertThat(sealed).as("never sealed").doesNotExist();
        }
    }

    @Test
    void withFsyncItForcesAsItWritesSoTheSealOnlyForcesARemainder() throws Exception {
        for (boolean fsync : new boolean[] {true, false}) {
            Path sealed = data.resolve("5-e-" + fsync + ".stage");
            byte[] row = new byte[(int) (StagingIo.FORCE_EVERY_BYTES / 4)];
            try (StagingIo io = new StagingIo(new ChunkPool(16), "test-stager", fsync, 6)) {
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
        assertThatThrownBy(() -> barrier.map(committableFor(sealed))).isInstanceOf(IOException.class)
                .hasMessageContaining(sealed + " was not sealed within 50 ms");
    }

    @Test
    void summariesAndRestoredRangesPassWithoutWaiting() throws Exception {
        Path sealed = data.resolve("4-d-1.stage");
        Files.writeString(sealed, "already there, as after a restore");
        StagingBarrier barrier = new StagingBarrier(data.toString(), 50);
        CommittableMessage<StagedRange> m = committableFor(sealed);
        assertThat(barrier.map(m)).isSameAs(m);
        CommittableMessage<StagedRange> summary = new CommittableSummary<>(0, 1, 1, 1, 0);
        assertThat(barrier.map(summary)).isSameAs(summary);
    }
}
