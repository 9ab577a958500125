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

    /**
     * @param fetchers REST snapshot fetchers, or null in replay (snapshots come from the recording)
     */
    public BookSyncOperatorFactory(RecorderSettings settings, SnapshotFetcherFactory fetchers) {
        this.settings = settings;
        this.fetchers = fetchers;
        setChainingStrategy(ChainingStrategy.ALWAYS);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends StreamOperator<FileRecord>> T createStreamOperator(StreamOperatorParameters<FileRecord> parameters) {
        return (T) new BookSyncOperator(parameters, settings, fetchers, parameters.getMailboxExecutor());
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends StreamOperator> getStreamOperatorClass(ClassLoader classLoader) {
        return BookSyncOperator.class;
    }
}
