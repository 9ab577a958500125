package io.mm.sinks.day;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.contract.FileRecord;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Committer.CommitRequest;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committer's recovery paths, driven directly with staged ranges as a restored checkpoint hands them over. */
class DayFileCommitterTest {
    private static final String DAY = "binance/BTCUSDT/20240101";
    private static final String TRADES = DAY + "/trades_ws_BTCUSDT_20240101.csv.gz";

    @TempDir
    Path data;

    private DayFileSinkSettings settings() {
        return DayFileSinkSettings.defaults(data.toString());
    }

    /** Stages one gzip member per text in one staging file, as a writer does at a checkpoint. */
    private List<StagedRange> stage(String name, long base, long firstSeq, String path, String... texts) throws IOException {
        Path dir = data.resolve(".staging/0");
        Files.createDirectories(dir);
        Path f = dir.resolve(name);
        List<long[]> ranges = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             GzipMemberEncoder enc = new GzipMemberEncoder(6)) {
            for (String t : texts) {
                long off = ch.position();
                byte[] b = t.getBytes(StandardCharsets.UTF_8);
                long len = enc.writeMember(b, 0, b.length, ch);
                ranges.add(new long[] {off, len});
            }
        }
        List<StagedRange> out = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            out.add(new StagedRange(FileRecord.APPEND, path, ".staging/0/" + name, ranges.get(i)[0], ranges.get(i)[1], base,
                    firstSeq + i, ranges.size(), 1));
        }
        return out;
    }

    /** Stages each text uncompressed, as the writer does: the committer compresses each into one member. */
    private List<StagedRange> stageRaw(String name, long base, long firstSeq, String path, String... texts) throws IOException {
        Path dir = data.resolve(".staging/0");
        Files.createDirectories(dir);
        Path f = dir.resolve(name);
        List<StagedRange> out = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int i = 0; i < texts.length; i++) {
                long off = ch.position();
                byte[] b = texts[i].getBytes(StandardCharsets.UTF_8);
                ch.write(java.nio.ByteBuffer.wrap(b));
                out.add(new StagedRange(StagedRange.APPEND_RAW, path, ".staging/0/" + name, off, b.length, base, firstSeq + i, texts.length, 1));
            }
        }
        return out;
    }

    private static final class Req implements CommitRequest<StagedRange> {
        final StagedRange c;
        boolean alreadyCommitted;

        Req(StagedRange c) {
            this.c = c;
        }

        @Override
        public StagedRange getCommittable() {
            return c;
        }

        @Override
        public int getNumberOfRetries() {
            return 0;
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            throw new AssertionError(t);
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            throw new AssertionError(t);
        }

        @Override
        public void retryLater() {
            throw new AssertionError("retryLater");
        }

        @Override
        public void updateAndRetryLater(StagedRange c) {
            throw new AssertionError("updateAndRetryLater");
        }

        @Override
        public void signalAlreadyCommitted() {
            alreadyCommitted = true;
        }
    }

    private List<Req> commit(DayFileCommitter c, List<StagedRange> ranges) throws Exception {
        List<Req> reqs = ranges.stream().map(Req::new).toList();
        c.commit(new ArrayList<>(reqs));
        return reqs;
    }

    /** The default committer: with fsync, the file-system scope, through the real syncfs(2) on Linux. */
    private DayFileCommitter committer() throws IOException {
        return new DayFileCommitter(settings(), 0, new UnregisteredMetricsGroup());
    }

    /** The committed length {@code .commit} names for the trades file, -1 when it names none. */
    private long loggedLength() throws IOException {
        CommitLog.Entry e = CommitLog.load(data.resolve(DAY)).get(TRADES.substring(DAY.length() + 1));
        return e == null ? -1 : e.length();
    }

    @Test
    void theFileSystemIsSyncedAfterTheAppendsAndAgainAfterTheLogsThatNameThem() throws Exception {
        DayFileCommitter first = committer();
        commit(first, stageRaw("a.stage", 10, 1, TRADES, "1,a\n"));
        long before = Files.size(data.resolve(TRADES));
        List<long[]> seen = new ArrayList<>(); // per sync: the file's size, the length its log names
        FileSystemSync recording = () -> seen.add(new long[] {Files.size(data.resolve(TRADES)), loggedLength()});
        DayFileCommitter c = new DayFileCommitter(settings(), 0, new UnregisteredMetricsGroup(), recording);
        commit(c, stageRaw("b.stage", 10, 2, TRADES, "2,b\n"));
        long after = Files.size(data.resolve(TRADES));
        assertThat(after).isGreaterThan(before);
        assertThat(seen).hasSize(2);
        // first sync: the new member is written, the log still names the old length (a crash here truncates it)
        assertThat(seen.get(0)).containsExactly(after, before);
        // second sync: the log names it
        assertThat(seen.get(1)).containsExactly(after, after);
        assertThat(loggedLength()).isEqualTo(after);
    }

    @Test
    void countsCommitRoundsTheirWallTimeAndTheTimeInSyncs() throws Exception {
        Map<String, Counter> counters = new HashMap<>();
        UnregisteredMetricsGroup metrics = new UnregisteredMetricsGroup() {
            @Override
            public Counter counter(String name) {
                return counter(name, new SimpleCounter());
            }

            @Override
            public <C extends Counter> C counter(String name, C counter) {
                counters.put(name, counter);
                return counter;
            }
        };
        FileSystemSync slow = () -> {
            try {
                Thread.sleep(30); // a disk that takes its time
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
        };
        DayFileCommitter c = new DayFileCommitter(settings(), 0, metrics, slow);
        commit(c, stageRaw("a.stage", 10, 1, TRADES, "1,a\n"));
        commit(c, stageRaw("b.stage", 10, 2, TRADES, "2,b\n"));
        assertThat(counters.get("dayFileCommitRounds").getCount()).isEqualTo(2);
        assertThat(counters.get("dayFileSyncMs").getCount()).as("two syncs a round").isBetween(120L, 10_000L);
        assertThat(counters.get("dayFileCommitMs").getCount()).isGreaterThanOrEqualTo(counters.get("dayFileSyncMs").getCount());
        assertThat(counters.get("dayFileAppends").getCount()).isEqualTo(2);
    }

    @Test
    void aFailedFileSystemSyncFailsTheCommitAndTheRetryAppendsOnce() throws Exception {
        commit(committer(), stageRaw("a.stage", 10, 1, TRADES, "1,a\n"));
        long before = Files.size(data.resolve(TRADES));
        List<StagedRange> next = stageRaw("b.stage", 10, 2, TRADES, "2,b\n");
        FileSystemSync failing = () -> {
            throw new IOException("syncfs(" + data + ") failed: errno 5");
        };
        DayFileCommitter c = new DayFileCommitter(settings(), 0, new UnregisteredMetricsGroup(), failing);
        assertThatThrownBy(() -> commit(c, next)).isInstanceOf(IOException.class).hasMessageContaining("errno 5");
        assertThat(loggedLength()).isEqualTo(before); // nothing claimed that may not be on disk
        assertThat(data.resolve(".staging/0/b.stage")).exists(); // kept for the retry

        commit(committer(), next); // the restored checkpoint's retry
        assertThat(GzipFiles.lines(data.resolve(TRADES))).endsWith("1,a", "2,b").hasSize(3);
        assertThat(loggedLength()).isEqualTo(Files.size(data.resolve(TRADES)));
    }

    @Test
    void theFilesScopeForcesEachFileAndWritesTheSameDayFiles() throws Exception {
        DayFileCommitter c = new DayFileCommitter(settings().withFsyncFileSystem(false), 0, new UnregisteredMetricsGroup());
        commit(c, stageRaw("a.stage", 10, 1, TRADES, "1,a\n", "2,b\n"));
        commit(c, stageRaw("b.stage", 10, 3, TRADES, "3,c\n"));
        assertThat(GzipFiles.lines(data.resolve(TRADES))).endsWith("1,a", "2,b", "3,c").hasSize(4);
        assertThat(loggedLength()).isEqualTo(Files.size(data.resolve(TRADES)));
    }

    @Test
    void appendsMembersAfterOneHeaderAndDeletesTheStagingFile() throws Exception {
        DayFileCommitter c = committer();
        commit(c, stage("a.stage", 10, 1, TRADES, "1,a\n", "2,b\n"));
        commit(c, stage("b.stage", 10, 3, TRADES, "3,c\n"));
        List<String> lines = GzipFiles.lines(data.resolve(TRADES));
        assertThat(lines).containsExactly("recv_ts_us,recv_seq,event_ts_us,trade_ts_us,trade_id,price,qty,side,ord_type", "1,a", "2,b",
                "3,c");
        assertThat(data.resolve(".staging/0")).isEmptyDirectory();
        assertThat(data.resolve(DAY + "/.commit")).exists();
    }

    @Test
    void rawRangesAreCompressedAsTheyAreAppendedBesideStagedMembers() throws Exception {
        DayFileCommitter c = committer();
        commit(c, stageRaw("a.stage", 10, 1, TRADES, "1,a\n", "2,b\n"));
        commit(c, stage("b.stage", 10, 3, TRADES, "3,c\n"));
        StringBuilder big = new StringBuilder();
        for (int i = 4; big.length() < 1_500_000; i++) { // several of the committer's read blocks
            big.append(i).append(",row ").append(i).append('\n');
        }
        commit(c, stageRaw("c.stage", 10, 4, TRADES, big.toString()));
        List<String> lines = GzipFiles.lines(data.resolve(TRADES));
        assertThat(lines.subList(1, 4)).containsExactly("1,a", "2,b", "3,c");
        assertThat(String.join("\n", lines.subList(4, lines.size())) + "\n").isEqualTo(big.toString());
        assertThat(Files.size(data.resolve(TRADES))).as("compressed").isLessThan(big.length() / 2);
        assertThat(data.resolve(".staging/0")).isEmptyDirectory();
    }

    @Test
    void oneFilesRawRangesOfOneCommitBecomeOneMemberAcrossStagingFiles() throws Exception {
        DayFileCommitter c = committer();
        List<StagedRange> ranges = new ArrayList<>(stageRaw("a.stage", 10, 1, TRADES, "1,a\n", "2,b\n"));
        ranges.addAll(stageRaw("b.stage", 10, 3, TRADES, "3,c\n")); // the next checkpoint, committed in the same round
        List<Req> reqs = commit(c, ranges);
        assertThat(GzipFiles.lines(data.resolve(TRADES)).subList(1, 4)).containsExactly("1,a", "2,b", "3,c");
        assertThat(GzipFiles.members(data.resolve(TRADES))).as("the header, then one member").isEqualTo(2);
        assertThat(reqs).noneMatch(r -> r.alreadyCommitted);
        assertThat(data.resolve(".staging/0")).isEmptyDirectory();
        // a retry of the whole round after a restore appends nothing
        Files.write(data.resolve(".staging/0/a.stage"), "1,a\n2,b\n".getBytes(StandardCharsets.UTF_8));
        Files.write(data.resolve(".staging/0/b.stage"), "3,c\n".getBytes(StandardCharsets.UTF_8));
        long size = Files.size(data.resolve(TRADES));
        assertThat(commit(committer(), ranges)).allMatch(r -> r.alreadyCommitted);
        assertThat(Files.size(data.resolve(TRADES))).isEqualTo(size);
    }

    @Test
    void aTornAppendOfARawRangeIsTruncatedAndCompressedAgain() throws Exception {
        DayFileCommitter c = committer();
        commit(c, stageRaw("a.stage", 10, 1, TRADES, "1,a\n"));
        long committed = Files.size(data.resolve(TRADES));
        List<StagedRange> next = stageRaw("b.stage", 10, 2, TRADES, "2,b\n");
        Files.write(data.resolve(TRADES), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0}, StandardOpenOption.APPEND); // a crash mid-member
        commit(committer(), next);
        assertThat(GzipFiles.lines(data.resolve(TRADES))).endsWith("1,a", "2,b").hasSize(3);
        // a retry of the same range after it was committed changes nothing
        Files.write(data.resolve(".staging/0/b.stage"), "2,b\n".getBytes(StandardCharsets.UTF_8));
        long size = Files.size(data.resolve(TRADES));
        assertThat(commit(committer(), next).get(0).alreadyCommitted).isTrue();
        assertThat(Files.size(data.resolve(TRADES))).isEqualTo(size).isGreaterThan(committed);
    }

    @Test
    void aRawRangeLongerThanItsStagingFileFailsNamingBoth() throws Exception {
        List<StagedRange> r = stageRaw("a.stage", 10, 1, TRADES, "1,a\n");
        StagedRange longer = new StagedRange(StagedRange.APPEND_RAW, TRADES, r.get(0).stagingFile(), 0, 100, 10, 1, 1, 1);
        assertThatThrownBy(() -> commit(committer(), List.of(longer))).hasMessageContaining(TRADES).hasMessageContaining("a.stage")
                .hasMessageContaining("ends 96 bytes early");
    }

    @Test
    void anAppendThatFailsPartWayIsCutBackSoTheFileStaysAValidGzip() throws Exception {
        DayFileCommitter c = committer();
        commit(c, stageRaw("a.stage", 10, 1, TRADES, "1,a\n"));
        long committed = Files.size(data.resolve(TRADES));
        // the member's header and first range are written before the second range turns out to be short
        List<StagedRange> r = new ArrayList<>(stageRaw("b.stage", 10, 2, TRADES, "2,b\n"));
        r.add(new StagedRange(StagedRange.APPEND_RAW, TRADES, r.get(0).stagingFile(), 0, 100, 10, 3, 1, 1));
        assertThatThrownBy(() -> commit(committer(), r)).hasMessageContaining("ends 96 bytes early");
        assertThat(Files.size(data.resolve(TRADES))).isEqualTo(committed);
        assertThat(GzipFiles.lines(data.resolve(TRADES))).endsWith("1,a").hasSize(2);
        // a new file whose first append fails is not left behind without its header
        String quotes = TRADES.replace("trades_ws_", "orderbook_ws_depth_");
        StagedRange shortFirst = new StagedRange(StagedRange.APPEND_RAW, quotes, stageRaw("c.stage", 10, 1, quotes, "1,q\n").get(0)
                .stagingFile(), 0, 100, 10, 1, 1, 1);
        assertThatThrownBy(() -> commit(committer(), List.of(shortFirst))).hasMessageContaining("ends 96 bytes early");
        assertThat(data.resolve(quotes)).doesNotExist();
    }

    @Test
    void aRetriedCommitAfterRestoreIsSkipped() throws Exception {
        DayFileCommitter c = committer();
        List<StagedRange> first = stage("a.stage", 10, 1, TRADES, "1,a\n");
        // keep a copy of the staging file: a restored checkpoint still references it
        Files.copy(data.resolve(".staging/0/a.stage"), data.resolve("keep"));
        commit(c, first);
        Files.copy(data.resolve("keep"), data.resolve(".staging/0/a.stage"));
        List<Req> again = commit(committer(), first);
        assertThat(again.get(0).alreadyCommitted).isTrue();
        assertThat(GzipFiles.lines(data.resolve(TRADES))).hasSize(2);
    }

    @Test
    void aTornAppendIsTruncatedBeforeAppendingAgain() throws Exception {
        DayFileCommitter c = committer();
        commit(c, stage("a.stage", 10, 1, TRADES, "1,a\n"));
        long committed = Files.size(data.resolve(TRADES));
        // a crash in the middle of the next append left half a member behind
        List<StagedRange> next = stage("b.stage", 10, 2, TRADES, "2,b\n");
        byte[] staged = Files.readAllBytes(data.resolve(".staging/0/b.stage"));
        Files.write(data.resolve(TRADES), java.util.Arrays.copyOf(staged, staged.length / 2), StandardOpenOption.APPEND);
        assertThat(Files.size(data.resolve(TRADES))).isEqualTo(committed + staged.length / 2);

        commit(committer(), next);
        assertThat(GzipFiles.lines(data.resolve(TRADES))).endsWith("1,a", "2,b").hasSize(3);
        assertThat(Files.size(data.resolve(TRADES))).isEqualTo(committed + staged.length);
    }

    @Test
    void aNewWriterSeriesAppendsEvenWithSmallerSequenceNumbers() throws Exception {
        DayFileCommitter c = committer();
        commit(c, stage("a.stage", 10, 50, TRADES, "1,a\n"));
        // a fresh run (or a restore) starts a later series at seq 1
        List<Req> r = commit(c, stage("b.stage", 20, 1, TRADES, "2,b\n"));
        assertThat(r.get(0).alreadyCommitted).isFalse();
        assertThat(GzipFiles.lines(data.resolve(TRADES))).endsWith("1,a", "2,b");
    }

    @Test
    void refusesAFileItHasNoRecordOf() throws Exception {
        Files.createDirectories(data.resolve(DAY));
        Files.writeString(data.resolve(TRADES), "not ours");
        assertThatThrownBy(() -> commit(committer(), stage("a.stage", 10, 1, TRADES, "1,a\n")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("has no record of it");
        assertThat(Files.readString(data.resolve(TRADES))).isEqualTo("not ours");
    }

    @Test
    void missingStagedDataFailsLoudlyAndKeepsWhatWasCommitted() throws Exception {
        DayFileCommitter c = committer();
        commit(c, stage("a.stage", 10, 1, TRADES, "1,a\n"));
        List<StagedRange> lost = stage("b.stage", 10, 2, TRADES, "2,b\n");
        Files.delete(data.resolve(".staging/0/b.stage"));
        assertThatThrownBy(() -> commit(c, lost)).isInstanceOf(IOException.class).hasMessageContaining("is gone");
        assertThat(GzipFiles.lines(data.resolve(TRADES))).endsWith("1,a").hasSize(2);
    }

    @Test
    void anUnwritableDestinationFailsWithoutCorruptingOtherDays() throws Exception {
        DayFileCommitter c = committer();
        commit(c, stage("a.stage", 10, 1, TRADES, "1,a\n"));
        // a plain file where the next day's directory must go
        Files.createDirectories(data.resolve("binance/BTCUSDT"));
        Files.writeString(data.resolve("binance/BTCUSDT/20240102"), "in the way");
        String other = "binance/BTCUSDT/20240102/trades_ws_BTCUSDT_20240102.csv.gz";
        assertThatThrownBy(() -> commit(c, stage("b.stage", 10, 2, other, "2,b\n"))).isInstanceOf(IOException.class);
        assertThat(GzipFiles.lines(data.resolve(TRADES))).endsWith("1,a").hasSize(2);
    }

    @Test
    void snapshotFilesAreMovedIntoPlaceOnceAndAtomically() throws Exception {
        Path dir = data.resolve(".staging/0");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("s.stage"), "{\"lastUpdateId\":1}");
        String path = DAY + "/snapshots/snapshot_7_initial.json";
        StagedRange r = new StagedRange(FileRecord.WHOLE_FILE, path, ".staging/0/s.stage", 0, 18, 10, 1, 1, 0);
        commit(committer(), List.of(r));
        assertThat(data.resolve(path)).hasContent("{\"lastUpdateId\":1}");
        Files.writeString(dir.resolve("s.stage"), "{\"lastUpdateId\":1}");
        List<Req> again = commit(committer(), List.of(r));
        assertThat(again.get(0).alreadyCommitted).isTrue();
        try (var files = Files.list(data.resolve(DAY + "/snapshots"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("snapshot_7_initial.json");
        }
    }

    @Test
    void orphanedStagingFilesAreSweptByAge() throws Exception {
        Path dir = data.resolve(".staging/1");
        Files.createDirectories(dir);
        Path old = Files.writeString(dir.resolve("1-x-1.stage"), "x");
        Path oldPart = Files.writeString(dir.resolve("1-x-3.stage.part"), "half written when its writer died");
        Path oldFailure = Files.writeString(dir.resolve("1-x-4.stage.failed"), "a staging thread's failure note");
        Path young = Files.writeString(dir.resolve("1-x-2.stage"), "y");
        Path youngPart = Files.writeString(dir.resolve("1-x-5.stage.part"), "being written");
        for (Path p : List.of(old, oldPart, oldFailure)) {
            Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 7_200_000));
        }
        assertThat(StagingJanitor.sweep(data, 3_600_000, System.currentTimeMillis())).isEqualTo(3);
        assertThat(old).doesNotExist();
        assertThat(oldPart).doesNotExist();
        assertThat(oldFailure).doesNotExist();
        assertThat(young).exists();
        assertThat(youngPart).exists();
    }
}
