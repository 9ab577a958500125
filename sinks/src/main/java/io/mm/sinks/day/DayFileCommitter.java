package io.mm.sinks.day;

import io.mm.core.contract.ContractFile;
import io.mm.core.contract.FileRecord;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compresses staged rows into gzip members (or takes staged members as they are), appends them to their day
 * files and moves snapshot files into place, idempotently: a retried
 * commit (after a restore) skips members the day directory's {@link CommitLog} already has, and truncates a
 * torn append before appending again. Day directories are committed in parallel; within one, in member
 * order. A failure (disk full, unwritable directory, missing staged data) fails the commit loudly and leaves
 * what was committed intact.
 *
 * <p>One class of about 500 lines on purpose: the order of a commit round's steps (append, force or sync, log,
 * sync again, truncate what a retry finds torn) is its exactly-once guarantee, kept readable top to bottom.
 */
final class DayFileCommitter implements Committer<StagedRange> {
    private static final Logger LOG = LoggerFactory.getLogger(DayFileCommitter.class);
    private static final int SWEEP_EVERY = 100;

    private final DayFileSinkSettings settings;
    private final Path dataDir;
    private final ExecutorService pool;
    private final Counter appends;
    private final Counter retriedSkips;
    private final Counter tornTruncations;
    /** Commit rounds and their wall time: a mean near the checkpoint interval means the commits are falling behind. */
    private final Counter commitRounds;
    private final Counter commitMillis;
    /** Time in the forces and syncs that make a round durable, summed over the threads that ran them. */
    private final WaitTimeCounter syncMillis;
    private final AtomicLong syncNanos = new AtomicLong();
    private int rounds;
    /** With fsync: one sync of the file system per phase of a round, or null for a force per day file. */
    private final FileSystemSync fileSystemSync;
    /** One encoder (a Deflater and its native memory) per committer thread at most, reused across files and rounds. */
    private final ConcurrentLinkedQueue<GzipMemberEncoder> encoders = new ConcurrentLinkedQueue<>();

    DayFileCommitter(DayFileSinkSettings settings, CommitterInitContext ctx) throws IOException {
        this(settings, ctx.getTaskInfo().getIndexOfThisSubtask(), ctx.metricGroup());
    }

    DayFileCommitter(DayFileSinkSettings settings, int subtask, MetricGroup metrics) throws IOException {
        this(settings, subtask, metrics, settings.fsync() && settings.fsyncFileSystem()
                ? FileSystemSync.syncfs(prepareDataDir(settings)) : null);
    }

    /** {@code fileSystemSync}: how a round is made durable when fsync is on (null: a force per file). */
    DayFileCommitter(DayFileSinkSettings settings, int subtask, MetricGroup metrics, FileSystemSync fileSystemSync) {
        this.settings = settings;
        this.fileSystemSync = settings.fsync() ? fileSystemSync : null;
        this.dataDir = Paths.get(settings.dataDir()).toAbsolutePath();
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, settings.commitThreads()), r -> {
            Thread t = new Thread(r, "day-file-committer-" + subtask + "-" + n.incrementAndGet());
            t.setDaemon(true);
            // compressing can wait for a free core, the sockets and the books cannot: nice 19 where the JVM maps
            // priorities (bin/mm, flink-conf/config.yaml), a no-op where it does not
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        this.appends = metrics.counter("dayFileAppends");
        this.retriedSkips = metrics.counter("dayFileAlreadyCommitted");
        this.tornTruncations = metrics.counter("dayFileTornTruncations");
        this.commitRounds = metrics.counter("dayFileCommitRounds");
        this.commitMillis = metrics.counter("dayFileCommitMs");
        this.syncMillis = new WaitTimeCounter(metrics.counter("dayFileSyncMs"));
        StagingJanitor.sweep(dataDir, settings.orphanAgeMillis(), System.currentTimeMillis());
    }

    @Override
    public void commit(Collection<CommitRequest<StagedRange>> requests) throws IOException, InterruptedException {
        if (requests.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        try {
            commitRound(requests);
        } finally {
            commitRounds.inc();
            commitMillis.inc((System.nanoTime() - started) / 1_000_000);
            syncMillis.add(syncNanos.getAndSet(0));
        }
    }

    private void commitRound(Collection<CommitRequest<StagedRange>> requests) throws IOException, InterruptedException {
        Map<String, List<CommitRequest<StagedRange>>> byDay = new HashMap<>();
        for (CommitRequest<StagedRange> r : requests) {
            byDay.computeIfAbsent(dayDirOf(r.getCommittable().path()), k -> new ArrayList<>()).add(r);
        }
        List<Future<CommitLog>> futures = new ArrayList<>(byDay.size());
        List<String> days = new ArrayList<>(byDay.size());
        for (Map.Entry<String, List<CommitRequest<StagedRange>>> e : byDay.entrySet()) {
            futures.add(pool.submit(() -> commitDay(e.getKey(), e.getValue())));
            days.add(e.getKey());
        }
        List<CommitLog> logsDue = new ArrayList<>();
        IOException failure = null;
        for (int i = 0; i < futures.size(); i++) {
            try {
                CommitLog log = futures.get(i).get();
                if (log != null) {
                    logsDue.add(log);
                }
            } catch (ExecutionException e) {
                // "No space left on device" alone does not say where: name the day directory
                Throwable t = e.getCause();
                failure = addFailure(failure, new IOException("committing " + dataDir.resolve(days.get(i)) + ": " + t.getMessage(), t));
            }
        }
        if (fileSystemSync != null && !logsDue.isEmpty()) {
            // the appends first, then the logs naming their lengths: a log on disk never names bytes that are not
            // (a day that failed keeps its old log, and its torn append is truncated when the commit is retried)
            syncFileSystem();
            for (CommitLog log : logsDue) {
                try {
                    log.store(false);
                } catch (IOException x) {
                    failure = addFailure(failure, x);
                }
            }
            syncFileSystem();
        }
        if (failure != null) {
            throw failure;
        }
        deleteFullyCommittedStaging(requests);
        if (++rounds % SWEEP_EVERY == 0) {
            StagingJanitor.sweep(dataDir, settings.orphanAgeMillis(), System.currentTimeMillis());
        }
    }

    /** {@code exchange/SYMBOL/YYYYMMDD} of a path relative to the data root. */
    static String dayDirOf(String path) {
        int a = path.indexOf('/');
        int b = a < 0 ? -1 : path.indexOf('/', a + 1);
        int c = b < 0 ? -1 : path.indexOf('/', b + 1);
        if (c < 0) {
            throw new IllegalArgumentException("not a day-directory path: " + path);
        }
        return path.substring(0, c);
    }

    private static IOException addFailure(IOException failure, Throwable t) {
        IOException io = t instanceof IOException x ? x : new IOException(t.toString(), t);
        if (failure == null) {
            return io;
        }
        failure.addSuppressed(io);
        return failure;
    }

    /**
     * Appends one day directory's due members. Returns its commit log when the round's file-system sync must
     * come before the log is stored (the caller stores it), null when it stored the log itself.
     */
    private CommitLog commitDay(String dayRel, List<CommitRequest<StagedRange>> reqs) throws IOException {
        Path dayDir = dataDir.resolve(dayRel);
        Files.createDirectories(dayDir);
        CommitLog log = CommitLog.load(dayDir);
        reqs.sort(Comparator.comparing((CommitRequest<StagedRange> r) -> r.getCommittable().path())
                .thenComparingLong(r -> r.getCommittable().memberBase())
                .thenComparingLong(r -> r.getCommittable().memberSeq()));
        List<CommitRequest<StagedRange>> appendsDue = new ArrayList<>(reqs.size());
        for (CommitRequest<StagedRange> req : reqs) {
            StagedRange m = req.getCommittable();
            String rel = m.path().substring(dayRel.length() + 1);
            if (m.kind() == FileRecord.WHOLE_FILE) {
                commitWholeFile(req, dayDir.resolve(rel));
                continue;
            }
            CommitLog.Entry e = log.get(rel);
            if (e == null) {
                Path target = dayDir.resolve(rel);
                if (Files.exists(target) && Files.size(target) > 0) {
                    throw new IOException(target + " exists but " + dayDir.resolve(CommitLog.FILE)
                            + " has no record of it: it was not written by this sink (or its bookkeeping was removed);"
                            + " refusing to touch it. Move it away to continue.");
                }
                // intent: from here on, bytes beyond length 0 of this file are a torn append of ours
                log.put(rel, new CommitLog.Entry(Long.MIN_VALUE, -1, 0));
            } else if (m.committedBy(e.memberBase(), e.memberSeq())) {
                retriedSkips.inc();
                req.signalAlreadyCommitted();
                continue;
            } else if (m.memberBase() < e.memberBase()) {
                LOG.warn("{}: member series {} is older than the committed series {}: the clock went backwards? appending",
                        m.path(), m.memberBase(), e.memberBase());
            }
            appendsDue.add(req);
        }
        if (log.dirty()) {
            log.store(settings.fsync());
        }
        // one file's raw ranges of one writer series become one member: the writer stages a bucket each time its
        // buffer budget fills (every 1-2 s with 500 symbols), and a member, an open and an fsync per range made
        // the day files several small members per checkpoint and the committer several times the syscalls
        List<FileChannel> unforced = new ArrayList<>();
        try {
            for (int i = 0; i < appendsDue.size(); ) {
                StagedRange first = appendsDue.get(i).getCommittable();
                int j = i + 1;
                while (j < appendsDue.size() && sameMember(first, appendsDue.get(j).getCommittable())) {
                    j++;
                }
                commitAppend(appendsDue.subList(i, j), log, dayDir, first.path().substring(dayRel.length() + 1), unforced);
                i = j;
            }
            // forced together once all are written, before the log that names their lengths: on ext4 (data=ordered)
            // the first force commits the journal with every file's new size and data, and the rest find little
            // left to do, where a force after each append costs a journal commit each (some 2,500 a checkpoint with
            // 500 symbols); the file-system scope (the default) leaves this empty and syncs the round once instead
            long forceFrom = System.nanoTime();
            for (FileChannel c : unforced) {
                c.force(false);
            }
            syncNanos.addAndGet(System.nanoTime() - forceFrom);
        } finally {
            closeAll(unforced);
        }
        if (!log.dirty()) {
            return null;
        }
        if (fileSystemSync != null) {
            return log;
        }
        long storeFrom = System.nanoTime();
        log.store(settings.fsync());
        if (settings.fsync()) {
            syncNanos.addAndGet(System.nanoTime() - storeFrom);
        }
        return null;
    }

    private void syncFileSystem() throws IOException {
        long from = System.nanoTime();
        try {
            fileSystemSync.sync();
        } finally {
            syncNanos.addAndGet(System.nanoTime() - from);
        }
    }

    /** Raw ranges of one file and one writer series (a staged member is always appended on its own). */
    private static boolean sameMember(StagedRange a, StagedRange b) {
        return a.kind() == StagedRange.APPEND_RAW && b.kind() == StagedRange.APPEND_RAW && b.path().equals(a.path())
                && b.memberBase() == a.memberBase();
    }

    /**
     * Appends {@code group} (ranges of one file, in order: one staged member, or raw ranges of one series) as one
     * member. With a force per file, the file's channel is left open in {@code unforced}, for the caller to force
     * (and close) with the day's other files; with the file-system sync the round's sync covers it.
     */
    private void commitAppend(List<CommitRequest<StagedRange>> group, CommitLog log, Path dayDir, String rel,
                              List<FileChannel> unforced) throws IOException {
        CommitLog.Entry e = log.get(rel);
        List<CommitRequest<StagedRange>> due = new ArrayList<>(group.size());
        for (CommitRequest<StagedRange> req : group) {
            if (e != null && req.getCommittable().committedBy(e.memberBase(), e.memberSeq())) {
                retriedSkips.inc(); // committed before: a retry after a restore
                req.signalAlreadyCommitted();
            } else {
                due.add(req);
            }
        }
        if (due.isEmpty()) {
            return;
        }
        StagedRange first = due.get(0).getCommittable();
        StagedRange last = due.get(due.size() - 1).getCommittable();
        long committed = e == null ? 0 : e.length();
        Path target = dayDir.resolve(rel);
        Files.createDirectories(target.getParent());
        Map<String, FileChannel> sources = new HashMap<>();
        FileChannel dst = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        boolean keepOpen = false;
        try {
            long size = dst.size();
            if (size > committed) {
                LOG.warn("{}: truncating a torn append ({} bytes beyond the committed {})", target, size - committed, committed);
                tornTruncations.inc();
                dst.truncate(committed);
            } else if (size < committed) {
                throw new IOException(target + " is " + size + " bytes but " + committed
                        + " were committed: the file was truncated or replaced outside the recorder");
            }
            dst.position(committed);
            try {
                appendMember(due, first, dst, target, committed, sources);
            } catch (IOException | RuntimeException x) {
                untear(dst, target, committed);
                throw x;
            }
            log.put(rel, new CommitLog.Entry(last.memberBase(), last.memberSeq(), dst.size()));
            appends.inc();
            if (settings.fsync() && fileSystemSync == null) {
                unforced.add(dst);
                keepOpen = true;
            }
        } finally {
            if (!keepOpen) {
                dst.close();
            }
            closeAll(sources.values());
        }
    }

    /** The header (of a new file) and one member of {@code due}, written at {@code dst}'s position. */
    private void appendMember(List<CommitRequest<StagedRange>> due, StagedRange first, FileChannel dst, Path target, long committed,
                              Map<String, FileChannel> sources) throws IOException {
        if (committed == 0) {
            writeHeader(target, dst);
        }
        if (first.kind() == StagedRange.APPEND_RAW) {
            encode(enc -> {
                long start = enc.beginMember(dst);
                long total = 0;
                for (CommitRequest<StagedRange> req : due) {
                    StagedRange m = req.getCommittable();
                    Path staged = dataDir.resolve(m.stagingFile());
                    FileChannel src = source(sources, staged, m);
                    try {
                        enc.appendRange(src, m.offset(), m.length(), dst);
                    } catch (IOException x) {
                        throw new IOException("cannot commit " + m.path() + " from " + staged + ": " + x.getMessage(), x);
                    }
                    total += m.length();
                }
                enc.finishMember(dst, total, start);
            });
        } else {
            Path staged = dataDir.resolve(first.stagingFile());
            copyRange(source(sources, staged, first), first, dst, staged);
        }
    }

    /**
     * An append that failed part-way (a full disk) is cut back at once, so the file stays a valid gzip also when
     * the recorder gives up; a retry would truncate it anyway.
     */
    private static void untear(FileChannel dst, Path target, long committed) {
        try {
            if (committed == 0) {
                Files.deleteIfExists(target); // no file rather than one without its header (the log's intent record stays)
            } else {
                dst.truncate(committed);
            }
        } catch (IOException e) {
            LOG.warn("{}: could not cut back a failed append to its committed {} bytes: {}", target, committed, e.toString());
        }
    }

    private static void closeAll(Collection<FileChannel> channels) throws IOException {
        IOException failure = null;
        for (FileChannel c : channels) {
            try {
                c.close();
            } catch (IOException x) {
                failure = addFailure(failure, x);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static FileChannel source(Map<String, FileChannel> open, Path staged, StagedRange m) throws IOException {
        FileChannel c = open.get(m.stagingFile());
        if (c == null) {
            c = openStaged(staged, m);
            open.put(m.stagingFile(), c);
        }
        return c;
    }

    private void writeHeader(Path target, FileChannel dst) throws IOException {
        ContractFile kind = ContractFile.ofFileName(target.getFileName().toString());
        if (kind == null || !kind.isCsv()) {
            return;
        }
        byte[] header = kind.headerLine(settings.depthLevels()).getBytes(StandardCharsets.UTF_8);
        encode(enc -> enc.writeMember(header, 0, header.length, dst));
    }

    private interface EncoderWork {
        void run(GzipMemberEncoder enc) throws IOException;
    }

    /** Runs {@code work} with a pooled encoder; one that failed is closed, not pooled (its Deflater's state is unknown). */
    private void encode(EncoderWork work) throws IOException {
        GzipMemberEncoder enc = encoders.poll();
        if (enc == null) {
            enc = new GzipMemberEncoder(settings.gzipLevel());
        }
        boolean ok = false;
        try {
            work.run(enc);
            ok = true;
        } finally {
            if (ok) {
                encoders.add(enc);
            } else {
                enc.close();
            }
        }
    }

    private void commitWholeFile(CommitRequest<StagedRange> req, Path target) throws IOException {
        StagedRange m = req.getCommittable();
        if (Files.exists(target)) {
            retriedSkips.inc();
            req.signalAlreadyCommitted();
            return;
        }
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Path staged = dataDir.resolve(m.stagingFile());
        try (FileChannel src = openStaged(staged, m);
             FileChannel dst = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            copyRange(src, m, dst, staged);
            if (settings.fsync()) {
                dst.force(false);
            }
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target);
        }
        appends.inc();
    }

    private static void copyRange(FileChannel src, StagedRange m, FileChannel dst, Path staged) throws IOException {
        long done = 0;
        while (done < m.length()) {
            long n = src.transferTo(m.offset() + done, m.length() - done, dst);
            if (n <= 0) {
                throw new IOException("staged data for " + m.path() + " ends early in " + staged);
            }
            done += n;
        }
    }

    private static FileChannel openStaged(Path staged, StagedRange m) throws IOException {
        try {
            return FileChannel.open(staged, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new IOException("cannot commit " + m.path() + ": its staged data " + staged
                    + " is gone (removed outside the recorder, or older than the orphan age)", e);
        }
    }

    private void deleteFullyCommittedStaging(Collection<CommitRequest<StagedRange>> requests) {
        Map<String, int[]> seen = new HashMap<>();
        for (CommitRequest<StagedRange> r : requests) {
            StagedRange m = r.getCommittable();
            int[] c = seen.computeIfAbsent(m.stagingFile(), k -> new int[] {0, m.rangesInFile()});
            c[0]++;
        }
        for (Map.Entry<String, int[]> e : seen.entrySet()) {
            if (e.getValue()[0] >= e.getValue()[1]) {
                try {
                    Files.deleteIfExists(dataDir.resolve(e.getKey()));
                } catch (IOException ex) {
                    LOG.warn("could not delete committed staging file {}: {}", e.getKey(), ex.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (GzipMemberEncoder e; (e = encoders.poll()) != null; ) {
            e.close();
        }
        if (fileSystemSync != null) {
            fileSystemSync.close();
        }
    }

    private static Path prepareDataDir(DayFileSinkSettings settings) throws IOException {
        return Files.createDirectories(Paths.get(settings.dataDir()).toAbsolutePath());
    }
}
