package io.mm.history.combine;

import io.mm.core.contract.ContractFile;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
 * Reads the recorder's {@code trades_ws_<SYMBOL_FS>_<YYYYMMDD>.csv.gz} files for Flink's {@code FileSource}: a
 * bulk format rather than a stream format because only the bulk reader is told which file it reads, and every
 * error names the file and line. Only trades in {@code [startUs, endUs)} pass.
 */
public final class TradeCsvFormat implements BulkFormat<LocalTrade, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final int BATCH = 4096;

    private final long startUs;
    private final long endUs;

    public TradeCsvFormat(long startUs, long endUs) {
        this.startUs = startUs;
        this.endUs = endUs;
    }

    @Override
    public Reader<LocalTrade> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new TradeReader(split.path(), startUs, endUs, 0);
    }

    @Override
    public Reader<LocalTrade> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new TradeReader(split.path(), startUs, endUs, skip);
    }

    @Override
    public boolean isSplittable() {
        return false; // gzip
    }

    @Override
    public TypeInformation<LocalTrade> getProducedType() {
        return TypeInformation.of(LocalTrade.class);
    }

    static final class TradeReader implements Reader<LocalTrade> {
        private final Path path;
        private final long startUs;
        private final long endUs;
        private final CSVParser csv;
        private final Iterator<CSVRecord> rows;
        private long emitted;

        TradeReader(Path path, long startUs, long endUs, long skip) throws IOException {
            this.path = path;
            this.startUs = startUs;
            this.endUs = endUs;
            FileSystem fs = path.getFileSystem();
            try {
                this.csv = CSVParser.builder()
                        .setReader(new InputStreamReader(new GZIPInputStream(fs.open(path), 1 << 16), StandardCharsets.UTF_8))
                        .setFormat(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()).get();
            } catch (EOFException | ZipException e) {
                throw new BadInputException(path + ": not a readable gzip file (" + e.getMessage() + ")", e);
            } catch (UncheckedIOException e) {
                throw new BadInputException(path + ": " + e.getCause().getMessage(), e.getCause());
            }
            if (!csv.getHeaderNames().equals(ContractFile.TRADES_COLUMNS)) {
                csv.close();
                throw new BadInputException(path + ": header " + csv.getHeaderNames() + " is not the trades_ws header " + ContractFile.TRADES_COLUMNS);
            }
            this.rows = csv.iterator();
            while (skip-- > 0 && next() != null) {
                emitted++;
            }
        }

        /** The next trade in range, or null at the end of the file. */
        private LocalTrade next() throws IOException {
            try {
                while (rows.hasNext()) {
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
                        throw new BadInputException(path + " line " + (r.getRecordNumber() + 1) + ": trade_ts_us/trade_id not integers: " + e.getMessage());
                    }
                    if (ts >= startUs && ts < endUs) {
                        return new LocalTrade(ts, id, r.get(5), r.get(6));
                    }
                }
                return null;
            } catch (UncheckedIOException e) {
                Throwable c = e.getCause();
                String what = c instanceof EOFException ? "truncated gzip" : c.getMessage();
                throw new BadInputException(path + ": " + what + " after line " + (csv.getRecordNumber() + 1), c);
            }
        }

        @Override
        public RecordIterator<LocalTrade> readBatch() throws IOException {
            List<LocalTrade> batch = new ArrayList<>(BATCH);
            LocalTrade t;
            while (batch.size() < BATCH && (t = next()) != null) {
                batch.add(t);
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
