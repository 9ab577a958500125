package io.mm.sinks.day;

import io.mm.core.contract.ContractFile;
import io.mm.core.contract.FileRecord;
import io.mm.sinks.live.LiveFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
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
 * recorded.
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
    private Path staging;
    private FileChannel stagingCh;

    private final LiveFiles live;
    private final ProcessingTimeService time;
    private boolean closed;

    private final Counter rowsIn;
    private final Counter bytesStaged;
    private final Counter earlyStages;

    private static final class Bucket {
        final String path;
        final int rowLimit;
        final ChunkedBuffer buf;
        long rows;
        int idleCommits;

        Bucket(String path, int rowLimit, ChunkPool pool) {
            this.path = path;
            this.rowLimit = rowLimit;
            this.buf = new ChunkedBuffer(pool);
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
        switch (r.kind()) {
            case FileRecord.APPEND -> {
                Bucket b = buckets.get(r.path());
                if (b == null) {
                    b = new Bucket(r.path(), rowLimit(r.path()), pool);
                    buckets.put(r.path(), b);
                }
                b.buf.append(r.data());
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
                }
            }
            case FileRecord.WHOLE_FILE -> {
                FileChannel ch = staging();
                long off = ch.position();
                ByteBuffer bb = ByteBuffer.wrap(r.data());
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
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

    private void stage(Bucket b) throws IOException {
        if (b.buf.size() == 0) {
            return;
        }
        FileChannel ch = staging();
        long off = ch.position();
        long len = b.buf.size();
        ByteBuffer[] parts = new ByteBuffer[b.buf.chunkCount()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = ByteBuffer.wrap(b.buf.chunk(i), 0, b.buf.chunkLength(i));
        }
        long written = 0;
        while (written < len) {
            written += ch.write(parts);
        }
        pending.add(new Pending(StagedRange.APPEND_RAW, b.path, off, len, ++memberSeq, b.rows));
        bytesStaged.inc(len);
        bufferedBytes -= b.buf.size();
        b.buf.clear();
        b.rows = 0;
    }

    private FileChannel staging() throws IOException {
        if (stagingCh == null) {
            Files.createDirectories(stagingDir);
            staging = stagingDir.resolve(memberBase + "-" + incarnation + "-" + (++stagingCounter) + ".stage");
            stagingCh = FileChannel.open(staging, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        return stagingCh;
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        live.flush();
    }

    @Override
    public Collection<StagedRange> prepareCommit() throws IOException {
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            Bucket b = it.next();
            if (b.buf.size() > 0) {
                stage(b);
            } else if (++b.idleCommits >= 3) {
                it.remove(); // a day that ended, a quiet symbol: stop tracking it
            }
        }
        live.flush();
        if (pending.isEmpty()) {
            return List.of();
        }
        if (settings.fsync()) {
            stagingCh.force(false);
        }
        stagingCh.close();
        stagingCh = null;
        String rel = dataDir.relativize(staging).toString().replace('\\', '/');
        List<StagedRange> out = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            out.add(new StagedRange(p.kind, p.path, rel, p.offset, p.length, memberBase, p.seq, pending.size(), p.rows));
        }
        pending.clear();
        return out;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        try {
            if (stagingCh != null) {
                // never handed over in a committable, so no checkpoint can reference it
                stagingCh.close();
                Files.deleteIfExists(staging);
                LOG.debug("discarded {} staged range(s) of an unfinished checkpoint in {}", pending.size(), staging);
            }
        } finally {
            live.close();
        }
    }
}
