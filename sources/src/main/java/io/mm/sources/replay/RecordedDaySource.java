package io.mm.sources.replay;

import io.mm.core.feed.RawFrame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
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

/**
 * Replays recorded day directories (bounded): one split per day, each read by {@link DayRecording} into the
 * frames the live operator processed, timestamped so BATCH mode keeps their order per key. Splits are pulled
 * by readers, so days are validated in parallel.
 */
public final class RecordedDaySource implements Source<RawFrame, DaySplit, List<DaySplit>> {
    private static final long serialVersionUID = 1L;

    /** Compressed diff bytes read so far in this JVM: progress for bin/mm validate. */
    public static final AtomicLong BYTES_READ = new AtomicLong();

    private final List<DaySplit> days;

    public RecordedDaySource(List<DaySplit> days) {
        this.days = List.copyOf(days);
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
        return new Enumerator(ctx, days);
    }

    @Override
    public SplitEnumerator<DaySplit, List<DaySplit>> restoreEnumerator(SplitEnumeratorContext<DaySplit> ctx, List<DaySplit> left) {
        return new Enumerator(ctx, left);
    }

    @Override
    public SimpleVersionedSerializer<DaySplit> getSplitSerializer() {
        return new DaySplit.Serializer();
    }

    @Override
    public SimpleVersionedSerializer<List<DaySplit>> getEnumeratorCheckpointSerializer() {
        return new SimpleVersionedSerializer<>() {
            private final DaySplit.Serializer one = new DaySplit.Serializer();

            @Override
            public int getVersion() {
                return 1;
            }

            @Override
            public byte[] serialize(List<DaySplit> l) throws IOException {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                try (DataOutputStream out = new DataOutputStream(b)) {
                    out.writeInt(l.size());
                    for (DaySplit s : l) {
                        byte[] x = one.serialize(s);
                        out.writeInt(x.length);
                        out.write(x);
                    }
                }
                return b.toByteArray();
            }

            @Override
            public List<DaySplit> deserialize(int version, byte[] bytes) throws IOException {
                try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                    int n = in.readInt();
                    List<DaySplit> l = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        byte[] x = new byte[in.readInt()];
                        in.readFully(x);
                        l.add(one.deserialize(one.getVersion(), x));
                    }
                    return l;
                }
            }
        };
    }

    /** Hands out days on request, then says there are no more. */
    private static final class Enumerator implements SplitEnumerator<DaySplit, List<DaySplit>> {
        private final SplitEnumeratorContext<DaySplit> ctx;
        private final ArrayDeque<DaySplit> left;

        Enumerator(SplitEnumeratorContext<DaySplit> ctx, List<DaySplit> days) {
            this.ctx = ctx;
            this.left = new ArrayDeque<>(days);
        }

        @Override
        public void start() {
        }

        @Override
        public void handleSplitRequest(int subtask, String host) {
            DaySplit next = left.poll();
            if (next != null) {
                ctx.assignSplit(next, subtask);
            } else {
                ctx.signalNoMoreSplits(subtask);
            }
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
