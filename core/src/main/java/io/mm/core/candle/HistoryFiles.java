package io.mm.core.candle;

import io.mm.core.Exchange;
import io.mm.core.contract.StrictGzipInputStream;
import io.mm.core.contract.SymbolFs;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * History files live beside the recordings, in {@code <data>/<exchange>/<SYMBOL_FS>/history/}:
 * {@code candles_<interval>_<startMs>_<endMs>.csv.gz}, {@code trades_<startMs>_<endMs>.csv.gz},
 * {@code combined_<interval>_<startMs>_<endMs>.csv.gz} and {@code mismatches_<interval>_<startMs>_<endMs>.csv.gz}.
 * Each is written to a hidden temporary file and renamed into place, so a reader never sees half a file.
 */
public final class HistoryFiles {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

    private HistoryFiles() {}

    public static Path dir(Path dataDir, Exchange e, String symbol) {
        return dataDir.resolve(e.id()).resolve(SymbolFs.of(e, symbol)).resolve("history");
    }

    public static Path candles(Path dataDir, Exchange e, String symbol, Interval iv, long startMs, long endMs) {
        return dir(dataDir, e, symbol).resolve("candles_" + iv.name() + "_" + startMs + "_" + endMs + ".csv.gz");
    }

    public static Path trades(Path dataDir, Exchange e, String symbol, long startMs, long endMs) {
        return dir(dataDir, e, symbol).resolve("trades_" + startMs + "_" + endMs + ".csv.gz");
    }

    public static Path combined(Path dataDir, Exchange e, String symbol, Interval iv, long startMs, long endMs) {
        return dir(dataDir, e, symbol).resolve("combined_" + iv.name() + "_" + startMs + "_" + endMs + ".csv.gz");
    }

    public static Path mismatches(Path dataDir, Exchange e, String symbol, Interval iv, long startMs, long endMs) {
        return dir(dataDir, e, symbol).resolve("mismatches_" + iv.name() + "_" + startMs + "_" + endMs + ".csv.gz");
    }

    /** Rows written by a producer, one gzip CSV with its header, published atomically. */
    public interface RowProducer {
        void produce(CSVPrinter out) throws IOException;
    }

    public static void write(Path file, List<String> header, RowProducer rows) throws IOException {
        // the directories this write creates go again if it fails: a refused fetch leaves nothing behind
        Path firstCreated = null;
        for (Path d = file.getParent(); d != null && !Files.exists(d); d = d.getParent()) {
            firstCreated = d;
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16), StandardCharsets.UTF_8);
             CSVPrinter p = new CSVPrinter(w, FORMAT)) {
            p.printRecord(header);
            rows.produce(p);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            if (firstCreated != null) {
                for (Path d = file.getParent(); d != null && d.startsWith(firstCreated); d = d.getParent()) {
                    Files.deleteIfExists(d);
                }
            }
            throw e;
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public static void writeCandles(Path file, List<Candle> candles) throws IOException {
        write(file, Candle.COLUMNS, p -> {
            for (Candle c : candles) {
                p.printRecord(c.row());
            }
        });
    }

    /** Takes one CSV row; a {@link RuntimeException} means the row is not what the file should hold. */
    public interface RowReader {
        void accept(CSVRecord row);
    }

    /**
     * Reads a gzip CSV file whose header must be {@code header}, row by row.
     *
     * @throws BadInputException naming the file (and line) of a wrong header, a row {@code rows} refused, or a
     *                           truncated or corrupt gzip
     */
    public static void readGzipCsv(Path file, List<String> header, RowReader rows) throws IOException {
        readGzipCsv(file, header, rows, false);
    }

    /**
     * As {@link #readGzipCsv(Path, List, RowReader)}; with {@code growing} (a day file that may still be written) only
     * its complete gzip members are read, a torn last one being a commit that is appending it.
     */
    public static void readGzipCsv(Path file, List<String> header, RowReader rows, boolean growing) throws IOException {
        long line = 1;
        try (InputStream gz = gunzip(file, growing);
             BufferedReader in = new BufferedReader(new InputStreamReader(gz, StandardCharsets.UTF_8));
             CSVParser p = CSVParser.builder().setReader(in).setFormat(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())
                     .get()) {
            if (!p.getHeaderNames().equals(header)) {
                throw new BadInputException(file + ": header " + p.getHeaderNames() + " is not " + header);
            }
            for (CSVRecord rec : p) {
                line = rec.getRecordNumber() + 1;
                try {
                    rows.accept(rec);
                } catch (RuntimeException e) {
                    throw new BadInputException(file + " line " + line + ": " + e.getMessage());
                }
            }
        } catch (EOFException | ZipException e) {
            throw new BadInputException(file + ": truncated or corrupt gzip after line " + line, e);
        } catch (UncheckedIOException e) {
            throw new BadInputException(file + ": truncated or corrupt gzip after line " + line + " (" + e.getCause().getMessage() + ")",
                    e.getCause());
        } catch (BadInputException e) {
            throw e;
        } catch (IOException e) {
            // the reader's own message may not say which file ("Is a directory")
            throw String.valueOf(e.getMessage()).contains(file.toString()) ? e : new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** A gzip file's text; {@code growing}: its complete members only (a day file being written). */
    public static InputStream gunzip(Path file, boolean growing) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            return growing ? StrictGzipInputStream.completeMembers(raw, file.toString()) : new GZIPInputStream(raw, 1 << 16);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** @throws BadInputException naming the file and line of a row that is not a candle, or a truncated file */
    public static List<Candle> readCandles(Path file) throws IOException {
        List<Candle> out = new ArrayList<>();
        readGzipCsv(file, Candle.COLUMNS, rec -> {
            String trades = rec.get("trades");
            out.add(new Candle(Long.parseLong(rec.get("open_time_ms")), Long.parseLong(rec.get("close_time_ms")), rec.get("open"),
                    rec.get("high"), rec.get("low"), rec.get("close"), rec.get("volume"), trades.isEmpty() ? -1 : Long.parseLong(trades),
                    Candle.Source.parse(rec.get("source"))));
        });
        return out;
    }
}
