package io.mm.history.combine;

import io.mm.core.candle.CandleBuilder;
import io.mm.core.recorded.TradeFileCandles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.IteratorResultIterator;
import org.apache.flink.core.fs.Path;

/**
 * Reads the recorder's {@code trades_ws_<SYMBOL_FS>_<YYYYMMDD>.csv.gz} files for Flink's {@code FileSource} and
 * emits their partial candles ({@link TradeFileCandles}, a combiner at the source): only one record per interval and
 * file crosses the shuffle to the event-time windows instead of one per trade. The windows merge the partials of an
 * interval that several files (or a file's read batches) share.
 *
 * <p>A bulk format rather than a stream format because only the bulk reader is told which file it reads, and
 * every error names the file and line. Only trades in {@code [startUs, endUs)} and before the file's cutoff pass
 * (the cutoff hands the overlap of two trading-window days to the later day, see {@link LocalCandleJob}).
 */
public final class PartialCandleFormat implements BulkFormat<CandleBuilder, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final int BATCH = 256;

    private final long startUs;
    private final long endUs;
    private final long intervalMs;
    private final Map<String, Long> cutoffUs;

    /** @param cutoffUs per file (its URI's path), the first microsecond it no longer owns */
    public PartialCandleFormat(long startUs, long endUs, long intervalMs, Map<String, Long> cutoffUs) {
        this.startUs = startUs;
        this.endUs = endUs;
        this.intervalMs = intervalMs;
        this.cutoffUs = Map.copyOf(cutoffUs);
    }

    @Override
    public Reader<CandleBuilder> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new PartialReader(split.path(), 0);
    }

    @Override
    public Reader<CandleBuilder> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new PartialReader(split.path(), skip);
    }

    @Override
    public boolean isSplittable() {
        return false; // gzip
    }

    @Override
    public TypeInformation<CandleBuilder> getProducedType() {
        return TypeInformation.of(CandleBuilder.class);
    }

    final class PartialReader implements Reader<CandleBuilder> {
        private final TradeFileCandles partials;
        private long emitted;

        PartialReader(Path path, long skip) throws IOException {
            long until = Math.min(endUs, cutoffUs.getOrDefault(path.toUri().getPath(), Long.MAX_VALUE));
            this.partials = new TradeFileCandles(path.getFileSystem().open(path), shown(path), false, startUs, until, intervalMs);
            while (skip-- > 0 && partials.next() != null) {
                emitted++;
            }
        }

        @Override
        public RecordIterator<CandleBuilder> readBatch() throws IOException {
            List<CandleBuilder> batch = new ArrayList<>(BATCH);
            CandleBuilder b;
            while (batch.size() < BATCH && (b = partials.next()) != null) {
                batch.add(b);
            }
            if (batch.isEmpty()) {
                return null;
            }
            long before = emitted;
            emitted += batch.size();
            return new IteratorResultIterator<>(batch.iterator(), CheckpointedPosition.NO_OFFSET, before);
        }

        @Override
        public void close() throws IOException {
            partials.close();
        }
    }

    /** A local file as the user typed it (no {@code file:} scheme); any other file system's path as Flink names it. */
    static String shown(org.apache.flink.core.fs.Path path) {
        java.net.URI u = path.toUri();
        return "file".equals(u.getScheme()) ? u.getPath() : path.toString();
    }
}
