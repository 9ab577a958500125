package io.mm.sinks.day;

import io.mm.core.contract.ContractFile;
import io.mm.core.contract.FileRecord;
import io.mm.sinks.live.LiveFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers rows per day file (uncompressed, in pooled chunks) and stages them, still uncompressed, in one
 * staging file per checkpoint; the committer compresses each staged range into a gzip member as it appends
 * it. Compressing here, on the task thread the recorder's operator is chained to, stopped the operator for
 * the whole checkpoint's worth of deflate at every barrier (and at every early stage): with 500 symbols the
 * biggest source of its latency (docs/benchmarks.md). A file whose buffered rows reach its limit, or all files
 * when the byte budget is exceeded, are staged early, so memory stays bounded however many symbols are
 * recorded. Staging here means reserving a range and handing the bytes to {@link StagingIo}: the writing
 * and forcing happen on a thread of their own, for the same reason.
 */
final class DayFileWriter implements CommittingSinkWriter<FileRecord, StagedRange> {
    private static final Logger LOG = LoggerFactory.getLogger(DayFileWriter.class);

    private final DayFileSinkSettings settings;
    private final Path dataDir;
    private final Path stagingDir;
    private final long memberBase;
    private final String incarnation = UUID.randomUUID().toString().substring(0, 8);
    private long memberSeq;
    private long stagingCounter;

    private final Map<String, Bucket> buckets = new HashMap<>();
    private final ChunkPool pool = new ChunkPool(16_384);
    private long bufferedBytes;

    private final List<Pending> pending = new ArrayList<>();
    private final StagingIo io;
    /** This checkpoint's staging file, once something is staged. */
    private StagingIo.StagingFile current;

    private final LiveFiles live;
    private final ProcessingTimeService time;
    private boolean closed;

    private final Counter rowsIn;
    private final Counter bytesStaged;
    private final Counter earlyStages;
    /** Time this writer (and the operator chained before it) waited for its staging thread: the disk was behind. */
    private final WaitTimeCounter stagingWait;

    /** One file's buffered rows: the buffer's own fields in the same object, one cache miss less per row. */
    private static final class Bucket extends ChunkedBuffer {
        final String path;
        final int rowLimit;
        long rows;
        int idleCommits;

        Bucket(String path, int rowLimit, ChunkPool pool) {
            super(pool);
            this.path = path;
            this.rowLimit = rowLimit;
        }
    }

    private record Pending(byte kind, String path, long offset, long length, long seq, long rows) {}

    DayFileWriter(DayFileSinkSettings settings, WriterInitContext ctx) throws IOException {
        this.settings = settings;
        this.dataDir = Paths.get(settings.dataDir()).toAbsolutePath();
        this.stagingDir = dataDir.resolve(".staging").resolve(Integer.toString(ctx.getTaskInfo().getIndexOfThisSubtask()));
        // a new writer (restore or fresh run) starts a new member series that sorts after every earlier one
        this.memberBase = System.currentTimeMillis();
        this.live = new LiveFiles(dataDir, settings.liveRotateSeconds(), settings.liveRetentionSeconds(), System::currentTimeMillis);
        this.time = ctx.getProcessingTimeService();
        this.rowsIn = ctx.metricGroup().counter("dayFileRows");
        this.bytesStaged = ctx.metricGroup().counter("dayFileBytesStaged");
        this.earlyStages = ctx.metricGroup().counter("dayFileEarlyStages");
        this.stagingWait = new WaitTimeCounter(ctx.metricGroup().counter("dayFileStagingWaitMs"));
        this.io = new StagingIo(pool, "day-file-stager-" + ctx.getTaskInfo().getIndexOfThisSubtask(), settings.fsync());
        scheduleLiveFlush();
    }

    private void scheduleLiveFlush() {
        time.registerTimer(time.getCurrentProcessingTime() + settings.liveFlushMillis(), t -> {
            if (!closed) {
                live.flush();
                scheduleLiveFlush();
            }
        });
    }

    @Override
    public void write(FileRecord r, Context context) throws IOException {
        io.check();
        switch (r.kind()) {
            case FileRecord.APPEND -> {
                Bucket b = buckets.get(r.path());
                if (b == null) {
                    b = new Bucket(r.path(), rowLimit(r.path()), pool);
                    buckets.put(r.path(), b);
                }
                b.append(r.data());
                b.rows++;
                b.idleCommits = 0;
                bufferedBytes += r.data().length;
                rowsIn.inc();
                if (b.rows >= b.rowLimit) {
                    earlyStages.inc();
                    stage(b);
                }
                if (bufferedBytes > settings.maxBufferedBytes()) {
                    earlyStages.inc();
                    for (Bucket x : buckets.values()) {
                        stage(x);
                    }
                    // bytes on their way to disk get a budget of the same size: a writer holds at most twice it, and
                    // waits only when the disk is a whole budget behind
                    long waitFrom = System.nanoTime();
                    io.awaitInFlightAtMost(settings.maxBufferedBytes());
                    stagingWait.add(System.nanoTime() - waitFrom);
                }
            }
            case FileRecord.WHOLE_FILE -> {
                StagingIo.StagingFile f = staging();
                long off = f.end;
                f.end += r.data().length;
                io.write(f, off, r.data());
                pending.add(new Pending(FileRecord.WHOLE_FILE, r.path(), off, r.data().length, ++memberSeq, 0));
            }
            case FileRecord.LIVE -> live.append(r.path(), r.data());
            default -> throw new IOException("unknown file record kind " + r.kind() + " for " + r.path());
        }
    }

    private int rowLimit(String path) {
        ContractFile f = ContractFile.ofFileName(path.substring(path.lastIndexOf('/') + 1));
        if (f == ContractFile.TRADES || f == ContractFile.TRADES_RAW) {
            return settings.tradesBufferRows();
        }
        return settings.orderbookBufferRows();
    }

    /** Reserves the bucket's range in this checkpoint's staging file and hands its bytes to the staging thread. */
    private void stage(Bucket b) throws IOException {
        if (b.size() == 0) {
            return;
        }
        StagingIo.StagingFile f = staging();
        long off = f.end;
        long len = b.size();
        int count = b.chunkCount();
        int lastLength = b.chunkLength(count - 1);
        f.end += len;
        io.write(f, off, b.detach(), lastLength, len);
        pending.add(new Pending(StagedRange.APPEND_RAW, b.path, off, len, ++memberSeq, b.rows));
        bytesStaged.inc(len);
        bufferedBytes -= len;
        b.rows = 0;
    }

    private StagingIo.StagingFile staging() throws IOException {
        if (current == null) {
            Files.createDirectories(stagingDir);
            current = new StagingIo.StagingFile(stagingDir.resolve(memberBase + "-" + incarnation + "-" + (++stagingCounter) + ".stage"));
        }
        return current;
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        live.flush();
    }

    @Override
    public Collection<StagedRange> prepareCommit() throws IOException {
        io.check();
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            Bucket b = it.next();
            if (b.size() > 0) {
                stage(b);
            } else if (++b.idleCommits >= 3) {
                it.remove(); // a day that ended, a quiet symbol: stop tracking it
            }
        }
        live.flush();
        if (pending.isEmpty()) {
            return List.of();
        }
        // written, forced and renamed on the staging thread; StagingBarrier holds these back until it is done
        io.seal(current);
        String rel = dataDir.relativize(current.sealed).toString().replace('\\', '/');
        current = null;
        List<StagedRange> out = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            out.add(new StagedRange(p.kind, p.path, rel, p.offset, p.length, memberBase, p.seq, pending.size(), p.rows));
        }
        pending.clear();
        return out;
    }

    /**
     * Never throws: Flink calls this also while cleaning up after a failure, where an exception is fatal to the
     * TaskManager (a full disk then took the whole local cluster down). What is left is uncheckpointed, so a
     * failure to discard it loses nothing; the staging janitor removes it at the next start.
     */
    @Override
    public void close() {
        closed = true;
        try {
            io.close(); // what was sealed for a checkpoint is finished first
            if (current != null) {
                // never handed over in a committable, so no checkpoint can reference it
                current.channel.close();
                Files.deleteIfExists(current.part);
                LOG.debug("discarded {} staged range(s) of an unfinished checkpoint in {}", pending.size(), current.part);
            }
        } catch (IOException e) {
            LOG.warn("could not discard the unfinished staging file {}: {}", current == null ? null : current.part, e.toString());
        } finally {
            live.close();
        }
    }
}
