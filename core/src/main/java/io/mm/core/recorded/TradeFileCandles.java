package io.mm.core.recorded;

import io.mm.core.candle.BadInputException;
import io.mm.core.candle.CandleBuilder;
import io.mm.core.candle.HistoryFiles;
import io.mm.core.contract.ContractFile;
import io.mm.core.contract.StrictGzipInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The partial candles of one recorded {@code trades_ws_<SYMBOL_FS>_<YYYYMMDD>.csv.gz} file: its trades are in time
 * order but for the odd late one (a reordered Bitfinex message), so consecutive trades of one interval are summed as
 * they are read and one {@link CandleBuilder} per run of an interval comes out; whoever reads several files (or
 * batches of one) merges the partials of an interval.
 * Only trades in {@code [startUs, untilUs)} count, {@code untilUs} being the file's cutoff ({@link #cutoffs}).
 * Every error names the file and line.
 */
public final class TradeFileCandles implements Closeable {
    private final String name;
    private final long startUs;
    private final long untilUs;
    private final long intervalMs;
    private final CSVParser csv;
    private final Iterator<CSVRecord> rows;
    private CandleBuilder pending;
    private boolean done;

    /**
     * @param gzip the file's gzip bytes; closed with this reader
     * @param growing a day file that may still be written: only its complete gzip members are read
     */
    public TradeFileCandles(InputStream gzip, String name, boolean growing, long startUs, long untilUs, long intervalMs) throws IOException {
        this.name = name;
        this.startUs = startUs;
        this.untilUs = untilUs;
        this.intervalMs = intervalMs;
        try {
            InputStream text = growing ? StrictGzipInputStream.completeMembers(gzip, name) : new GZIPInputStream(gzip, 1 << 16);
            this.csv = CSVParser.builder().setReader(new InputStreamReader(text, StandardCharsets.UTF_8))
                    .setFormat(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()).get();
        } catch (EOFException | ZipException e) {
            gzip.close();
            throw new BadInputException(name + ": not a readable gzip file (" + e.getMessage() + ")", e);
        } catch (UncheckedIOException e) {
            gzip.close();
            throw new BadInputException(name + ": truncated gzip in the header (" + e.getCause().getMessage() + ")", e.getCause());
        }
        if (csv.getHeaderNames().isEmpty() && growing) {
            done = true; // nothing committed yet
        } else if (!csv.getHeaderNames().equals(ContractFile.TRADES_COLUMNS)) {
            csv.close();
            throw new BadInputException(name + ": header " + csv.getHeaderNames() + " is not the trades_ws header " + ContractFile.TRADES_COLUMNS);
        }
        this.rows = csv.iterator();
    }

    /** The next finished partial candle (its {@code openMs} set), or null at the end of the file's share. */
    public CandleBuilder next() throws IOException {
        try {
            while (!done && rows.hasNext()) {
                CSVRecord r = rows.next();
                if (r.size() != ContractFile.TRADES_COLUMNS.size()) {
                    throw new BadInputException(name + " line " + (r.getRecordNumber() + 1) + ": " + r.size() + " fields, expected "
                            + ContractFile.TRADES_COLUMNS.size());
                }
                long ts;
                long id;
                try {
                    ts = Long.parseLong(r.get(3));
                    id = Long.parseLong(r.get(4));
                } catch (NumberFormatException e) {
                    throw new BadInputException(name + " line " + (r.getRecordNumber() + 1) + ": trade_ts_us/trade_id not integers: "
                            + e.getMessage());
                }
                if (ts < startUs) {
                    continue;
                }
                if (ts >= untilUs) {
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
                    throw new BadInputException(name + " line " + (r.getRecordNumber() + 1) + ": price/qty not decimals: '" + r.get(5)
                            + "', '" + r.get(6) + "'");
                }
                if (finished != null) {
                    return finished;
                }
            }
        } catch (UncheckedIOException e) {
            Throwable c = e.getCause();
            String what = c instanceof EOFException ? "truncated gzip" : c.getMessage();
            throw new BadInputException(name + ": " + what + " after line " + (csv.getRecordNumber() + 1), c);
        }
        CandleBuilder last = pending;
        pending = null;
        done = true;
        return last;
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }

    /**
     * Per file, in day order, the first trade time of the next file with trades: where the file's share ends.
     * Trading-window days overlap (the default window runs to 00:15 the next day) and a trade inside two windows is
     * in both days' files; each file owns the trades before the next day's first trade, so every trade counts once.
     *
     * @param growing the files may still be written: a file without a complete first row has no trades yet
     * @throws BadInputException naming a file whose first row cannot be read
     */
    public static Map<Path, Long> cutoffs(List<Path> tradeFiles, boolean growing) throws IOException {
        return cutoffs(tradeFiles, f -> firstTradeUs(f, growing));
    }

    /** A file's first trade time ({@link #firstTradeUs}), perhaps from a cache. */
    public interface FirstTrade {
        long of(Path tradeFile) throws IOException;
    }

    /** {@link #cutoffs(List, boolean)} with the files' first trades from {@code first}. */
    public static Map<Path, Long> cutoffs(List<Path> tradeFiles, FirstTrade first) throws IOException {
        List<Path> sorted = new ArrayList<>(tradeFiles);
        sorted.sort(Comparator.comparing(p -> p.getFileName().toString()));
        Map<Path, Long> out = new HashMap<>();
        long next = Long.MAX_VALUE;
        for (int i = sorted.size() - 1; i >= 0; i--) {
            Path f = sorted.get(i);
            out.put(f, next);
            long t = first.of(f);
            if (t >= 0) {
                next = t;
            }
        }
        return out;
    }

    /**
     * The file's first trade time, or -1 when it holds none; {@code growing}: none until its first member is complete.
     *
     * @throws BadInputException naming the file whose header or first row is not a trade
     */
    public static long firstTradeUs(Path f, boolean growing) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(HistoryFiles.gunzip(f, growing), StandardCharsets.UTF_8))) {
            String header = r.readLine();
            if (header == null) {
                return -1;
            }
            if (!header.equals(String.join(",", ContractFile.TRADES_COLUMNS))) {
                throw new BadInputException(f + ": header '" + header + "' is not the trades_ws header");
            }
            String row = r.readLine();
            if (row == null || row.isEmpty()) {
                return -1;
            }
            String[] cells = row.split(",", -1);
            try {
                return Long.parseLong(cells[3]);
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new BadInputException(f + " line 2: no trade_ts_us in '" + row + "'");
            }
        } catch (EOFException | ZipException e) {
            throw new BadInputException(f + ": truncated gzip before its first trade", e);
        }
    }
}
