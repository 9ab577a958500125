package io.mm.operators.book;

import io.mm.core.contract.FileRecord;
import io.mm.core.feed.RawFrame;
import io.mm.operators.RecorderSettings;
import io.mm.operators.snapshot.SnapshotFetcherFactory;
import org.apache.flink.streaming.api.operators.AbstractStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;

/**
 * Builds {@link BookSyncOperator}; the task's mailbox executor (how REST answers reach the task thread) comes
 * with the operator parameters.
 * Use on a stream keyed by {@link RawFrame#key()}: {@code frames.keyBy(RawFrame::key).transform("book-sync",
 * TypeInformation.of(FileRecord.class), new BookSyncOperatorFactory(settings, fetchers))}.
 */
public final class BookSyncOperatorFactory extends AbstractStreamOperatorFactory<FileRecord>
        implements OneInputStreamOperatorFactory<RawFrame, FileRecord> {
    private static final long serialVersionUID = 1L;

    private final RecorderSettings settings;
    private final SnapshotFetcherFactory fetchers;
    private boolean keepChainedInBatch;
    private String dataDir;

    /**
     * @param fetchers REST snapshot fetchers, or null in replay (snapshots come from the recording)
     */
    public BookSyncOperatorFactory(RecorderSettings settings, SnapshotFetcherFactory fetchers) {
        this.settings = settings;
        this.fetchers = fetchers;
        setChainingStrategy(ChainingStrategy.ALWAYS);
    }

    /**
     * Live only: a symbol that starts without a checkpoint numbers its inputs and ledger rows on from what an earlier run
     * wrote into its open days under {@code dataDir} (the day-file sink's root), so that {@code recv_seq} and
     * {@code event_id} keep increasing within a day directory (after {@code --fresh}, or a new job over the same days).
     */
    public BookSyncOperatorFactory numberingOnFrom(String dataDir) {
        this.dataDir = dataDir;
        return this;
    }

    /**
     * Replay only: keeps the operator chained to a source that already delivers each key's frames contiguously,
     * in order, on the subtask owning the key ({@code DataStreamUtils.reinterpretAsKeyedStream}), with BATCH's
     * sorted inputs switched off ({@code execution.batch.sorted-inputs.enabled=false}). BATCH otherwise makes
     * every keyed operator the head of its own chain, so that its sorted input can be read from the network; that
     * puts a blocking exchange between the source and the operator, and the source must finish writing every
     * frame before the operator reads the first: the two never overlap and every frame is serialized twice.
     */
    public BookSyncOperatorFactory keepChainedInBatch() {
        keepChainedInBatch = true;
        return this;
    }

    @Override
    public void setChainingStrategy(ChainingStrategy strategy) {
        if (keepChainedInBatch && strategy == ChainingStrategy.HEAD) {
            return; // BATCH's translator asking for a chain head: see keepChainedInBatch
        }
        super.setChainingStrategy(strategy);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends StreamOperator<FileRecord>> T createStreamOperator(StreamOperatorParameters<FileRecord> parameters) {
        return (T) new BookSyncOperator(parameters, settings, fetchers, settings.replay() ? null : dataDir, parameters.getMailboxExecutor());
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends StreamOperator> getStreamOperatorClass(ClassLoader classLoader) {
        return BookSyncOperator.class;
    }
}
