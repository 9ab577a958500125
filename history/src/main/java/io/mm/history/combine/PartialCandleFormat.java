package io.mm.history.combine;

import io.mm.core.candle.BadInputException;
import io.mm.core.contract.ContractFile;
import io.mm.history.CandleBuilder;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.IteratorResultIterator;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Reads the recorder's {@code trades_ws_<SYMBOL_FS>_<YYYYMMDD>.csv.gz} files for Flink's {@code FileSource} and
 * emits partial candles: the trades of a file are in time order, so consecutive trades of one interval are
 * summed as they are read (a combiner at the source), and only one record per interval and file crosses the
 * shuffle to the event-time windows instead of one per trade. The windows merge the partials of an interval
 * that several files (or a file's read batches) share.
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
        private final Path path;
        private final long until;
        private final CSVParser csv;
        private final Iterator<CSVRecord> rows;
        private CandleBuilder pending;
        private boolean done;
        private long emitted;

        PartialReader(Path path, long skip) throws IOException {
            this.path = path;
            this.until = Math.min(endUs, cutoffUs.getOrDefault(path.toUri().getPath(), Long.MAX_VALUE));
            FileSystem fs = path.getFileSystem();
            try {
                this.csv = CSVParser.builder()
                        .setReader(new InputStreamReader(new GZIPInputStream(fs.open(path), 1 << 16), StandardCharsets.UTF_8))
                        .setFormat(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()).get();
            } catch (EOFException | ZipException e) {
                throw new BadInputException(path + ": not a readable gzip file (" + e.getMessage() + ")", e);
            } catch (UncheckedIOException e) {
                throw new BadInputException(path + ": truncated gzip in the header (" + e.getCause().getMessage() + ")", e.getCause());
            }
            if (!csv.getHeaderNames().equals(ContractFile.TRADES_COLUMNS)) {
                csv.close();
                throw new BadInputException(path + ": header " + csv.getHeaderNames() + " is not the trades_ws header "
                        + ContractFile.TRADES_COLUMNS);
            }
            this.rows = csv.iterator();
            while (skip-- > 0 && next() != null) {
                emitted++;
            }
        }

        /** The next finished partial candle, or null at the end of the file. */
        private CandleBuilder next() throws IOException {
            try {
                while (!done && rows.hasNext()) {
                    CSVRecord r = rows.next();
                    if (r.size() != ContractFile.TRADES_COLUMNS.size()) {
                        throw new BadInputException(path + " line " + (r.getRecordNumber() + 1) + ": " + r.size() + " fields, expected "
                                + ContractFile.TRADES_COLUMNS.size());
                    }
                    long ts;
                    long id;
                    try {
                        ts = Long.parseLong(r.get(3));
                        id = Long.parseLong(r.get(4));
                    } catch (NumberFormatException e) {
                        throw new BadInputException(path + " line " + (r.getRecordNumber() + 1) + ": trade_ts_us/trade_id not integers: "
                                + e.getMessage());
                    }
                    if (ts < startUs) {
                        continue;
                    }
                    if (ts >= until) {
                        done = true; // in time order: nothing after this belongs to this file's share of the range
                        break;
                    }
                    long open = Math.floorDiv(ts / 1000, intervalMs) * intervalMs;
                    CandleBuilder finished = null;
                    if (pending != null && pending.openMs != open) {
                        finished = pending;
                        pending = null;
                    }
                    if (pending == null) {
                        pending = new CandleBuilder();
                        pending.openMs = open;
                    }
                    try {
                        pending.add(ts, id, r.get(5), r.get(6));
                    } catch (NumberFormatException e) {
                        throw new BadInputException(path + " line " + (r.getRecordNumber() + 1) + ": price/qty not decimals: '" + r.get(5)
                                + "', '" + r.get(6) + "'");
                    }
                    if (finished != null) {
                        return finished;
                    }
                }
            } catch (UncheckedIOException e) {
                Throwable c = e.getCause();
                String what = c instanceof EOFException ? "truncated gzip" : c.getMessage();
                throw new BadInputException(path + ": " + what + " after line " + (csv.getRecordNumber() + 1), c);
            }
            CandleBuilder last = pending;
            pending = null;
            done = true;
            return last;
        }

        @Override
        public RecordIterator<CandleBuilder> readBatch() throws IOException {
            List<CandleBuilder> batch = new ArrayList<>(BATCH);
            CandleBuilder b;
            while (batch.size() < BATCH && (b = next()) != null) {
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
            csv.close();
        }
    }
}
