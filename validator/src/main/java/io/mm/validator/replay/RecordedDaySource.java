package io.mm.validator.replay;

import io.mm.core.feed.RawFrame;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * Replays recorded day directories (bounded): one split per day, each read by {@link DayRecording} into the
 * frames the live operator processed, in that order, each day's frames contiguous. Days are validated in
 * parallel; each goes to the subtask that owns its key group (the key is the split id), so the stream can be
 * {@code reinterpretAsKeyedStream}-ed by {@link RawFrame#connectionId()} without a shuffle or a sort.
 * Frames also carry unique, order-defining timestamps, for jobs that do key them by a shuffle in BATCH mode.
 */
public final class RecordedDaySource implements Source<RawFrame, DaySplit, List<DaySplit>> {
    private static final long serialVersionUID = 1L;

    /** Compressed diff bytes read so far in this JVM: progress for bin/mm validate. */
    public static final AtomicLong BYTES_READ = new AtomicLong();

    private final List<DaySplit> days;
    private final int maxParallelism;

    /** @param maxParallelism the job's max parallelism (key groups), to place each day with its key's owner */
    public RecordedDaySource(List<DaySplit> days, int maxParallelism) {
        this.days = List.copyOf(days);
        this.maxParallelism = maxParallelism;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<RawFrame, DaySplit> createReader(SourceReaderContext ctx) {
        return new Reader(ctx);
    }

    @Override
    public SplitEnumerator<DaySplit, List<DaySplit>> createEnumerator(SplitEnumeratorContext<DaySplit> ctx) {
        return new Enumerator(ctx, days, maxParallelism);
    }

    @Override
    public SplitEnumerator<DaySplit, List<DaySplit>> restoreEnumerator(SplitEnumeratorContext<DaySplit> ctx, List<DaySplit> left) {
        return new Enumerator(ctx, left, maxParallelism);
    }

    @Override
    public SimpleVersionedSerializer<DaySplit> getSplitSerializer() {
        return new DaySplit.Serializer();
    }

    @Override
    public SimpleVersionedSerializer<List<DaySplit>> getEnumeratorCheckpointSerializer() {
        return new DaySplit.ListSerializer();
    }

    /** Hands each subtask, on request, the days whose key group it owns; then says there are no more. */
    private static final class Enumerator implements SplitEnumerator<DaySplit, List<DaySplit>> {
        private final SplitEnumeratorContext<DaySplit> ctx;
        private final List<DaySplit> left;
        private final int maxParallelism;

        Enumerator(SplitEnumeratorContext<DaySplit> ctx, List<DaySplit> days, int maxParallelism) {
            this.ctx = ctx;
            this.left = new ArrayList<>(days);
            this.maxParallelism = maxParallelism;
        }

        @Override
        public void start() {
        }

        @Override
        public void handleSplitRequest(int subtask, String host) {
            int parallelism = ctx.currentParallelism();
            for (java.util.Iterator<DaySplit> it = left.iterator(); it.hasNext(); ) {
                DaySplit d = it.next();
                if (KeyGroupRangeAssignment.assignKeyToParallelOperator(d.splitId(), maxParallelism, parallelism) == subtask) {
                    it.remove();
                    ctx.assignSplit(d, subtask);
                    return;
                }
            }
            ctx.signalNoMoreSplits(subtask);
        }

        @Override
        public void addSplitsBack(List<DaySplit> splits, int subtask) {
            left.addAll(splits);
        }

        @Override
        public void addReader(int subtask) {
        }

        @Override
        public List<DaySplit> snapshotState(long checkpointId) {
            return new ArrayList<>(left);
        }

        @Override
        public void close() {
        }
    }

    /** Reads its days one after another on the task thread (blocking file reads are fine in a bounded job). */
    private static final class Reader implements SourceReader<RawFrame, DaySplit> {
        private final SourceReaderContext ctx;
        private final ArrayDeque<DaySplit> assigned = new ArrayDeque<>();
        private DayRecording current;
        private long reported;
        private boolean noMore;
        private CompletableFuture<Void> available = new CompletableFuture<>();

        Reader(SourceReaderContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void start() {
            ctx.sendSplitRequest();
        }

        @Override
        public InputStatus pollNext(ReaderOutput<RawFrame> output) throws Exception {
            while (true) {
                if (current == null) {
                    DaySplit s = assigned.poll();
                    if (s == null) {
                        return noMore ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
                    }
                    current = new DayRecording(s);
                    reported = 0;
                }
                DayRecording.Timed t = current.next();
                long b = current.bytesRead();
                BYTES_READ.addAndGet(b - reported);
                reported = b;
                if (t == null) {
                    current.close();
                    current = null;
                    ctx.sendSplitRequest();
                    continue;
                }
                output.collect(t.frame(), t.timestamp());
                return InputStatus.MORE_AVAILABLE;
            }
        }

        @Override
        public List<DaySplit> snapshotState(long checkpointId) {
            return new ArrayList<>(assigned);
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            if (!assigned.isEmpty() || current != null || noMore) {
                return CompletableFuture.completedFuture(null);
            }
            if (available.isDone()) {
                available = new CompletableFuture<>();
            }
            return available;
        }

        @Override
        public void addSplits(List<DaySplit> splits) {
            assigned.addAll(splits);
            available.complete(null);
        }

        @Override
        public void notifyNoMoreSplits() {
            noMore = true;
            available.complete(null);
        }

        @Override
        public void close() throws Exception {
            if (current != null) {
                current.close();
            }
        }
    }
}
