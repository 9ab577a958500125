package io.mm.sinks.day;

import io.mm.core.contract.FileRecord;
import java.io.IOException;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The output contract on disk, exactly once for everything committed.
 *
 * <p>Per checkpoint the writer stages, for every touched gzip day file, its rows uncompressed in one or more
 * byte ranges of a single staging file (written and forced off the task thread, one fsync per checkpoint and
 * subtask; the checkpoint completes only once it is durable); the committer, in a task of its
 * own, compresses each range into one complete gzip member and appends it to its day file idempotently (a
 * per-day-directory commit log knows the last member and the committed length; a longer file is truncated back
 * before appending), and moves snapshot files into place atomically. A day file is therefore a valid gzip after every commit, readable mid-day; uncommitted output
 * is discarded on failure, never duplicated. Live files are written at once (at least once).
 *
 * <p>Requirement: all records of one day directory must reach the same subtask (records keyed by symbol, as
 * the recorder's keyed operator emits them with this sink chained behind it), so one committer owns each
 * file and each commit log.
 */
public final class DayFileSink implements Sink<FileRecord>, SupportsCommitter<StagedRange>,
        SupportsPreCommitTopology<StagedRange, StagedRange> {
    private static final long serialVersionUID = 1L;
    /** As long as Flink's default checkpoint timeout: a staging file not sealed by then fails the checkpoint. */
    static final long STAGING_TIMEOUT_MILLIS = 10 * 60_000L;

    private final DayFileSinkSettings settings;

    public DayFileSink(DayFileSinkSettings settings) {
        this.settings = settings;
    }

    public DayFileSinkSettings settings() {
        return settings;
    }

    @Override
    public CommittingSinkWriter<FileRecord, StagedRange> createWriter(WriterInitContext context) throws IOException {
        return new DayFileWriter(settings, context);
    }

    @Override
    public Committer<StagedRange> createCommitter(CommitterInitContext context) throws IOException {
        return new DayFileCommitter(settings, context);
    }

    @Override
    public SimpleVersionedSerializer<StagedRange> getCommittableSerializer() {
        return new StagedRangeSerializer();
    }

    /**
     * Puts the committer in a task of its own. Flink would chain it behind the writer, and a commit (an append
     * and an fsync for each of the checkpoint's day files: thousands with hundreds of symbols) would then stop
     * the writer, and the recorder's operator chained before it, for as long as it runs: about a second per
     * checkpoint with 500 symbols. Forward keeps writer subtask i's ranges on committer subtask i. The hand-off
     * is also where a checkpoint waits for its staging file to be durable ({@link StagingBarrier}), at the barrier.
     */
    @Override
    public DataStream<CommittableMessage<StagedRange>> addPreCommitTopology(DataStream<CommittableMessage<StagedRange>> committables) {
        return committables.forward()
                // shown as "<sink name>: Committer hand-off"
                .transform("Committer hand-off", committables.getType(), new StagingBarrierOperator(settings.dataDir(), STAGING_TIMEOUT_MILLIS))
                .startNewChain();
    }

    @Override
    public SimpleVersionedSerializer<StagedRange> getWriteResultSerializer() {
        return new StagedRangeSerializer();
    }
}
