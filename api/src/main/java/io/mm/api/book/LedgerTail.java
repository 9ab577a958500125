package io.mm.api.book;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.core.contract.ContractFile;
import io.mm.core.feed.RawFrame;
import io.mm.core.ledger.EventType;
import io.mm.core.ledger.LedgerInputs;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A day's events ledger as it grows: the committer appends a gzip member per checkpoint, so the file is read
 * again whenever its size changes (a ledger holds a few thousand rows a day), and a torn last member (a commit
 * in progress) is simply read again later. New rows become {@link LedgerInputs}; the highest {@code recv_seq}
 * of any row is the horizon below which every ledger input is known: a row is committed no later than every
 * row emitted before it.
 */
final class LedgerTail {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerTail.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One input with what the row said about the engine at that point. */
    record Entry(LedgerInputs.Input input, boolean reset, int epoch, boolean everSynced) {}

    final int day;
    private final Path dayDir;
    private final Path file;
    private final String name;
    private final LedgerInputs inputs;
    private final List<Entry> entries = new ArrayList<>();
    private int inputsSeen;
    private long rowsRead;
    private long size = -1;
    private long horizon = -1;
    private long firstSeq = -1;
    private boolean everSynced;
    private String newestType = "";
    private long newestSeq = -1;
    private long newestTsUs = -1;
    private long lastRowTsUs = -1;
    private long lastRowSeq = -1;
    private boolean numberedInOrder = true;
    private String problem;

    LedgerTail(Path dayDir, Exchange exchange, String symbol, String symbolFs, int day) {
        this.day = day;
        this.dayDir = dayDir;
        this.name = ContractFile.EVENTS.relativePath(symbolFs, Integer.toString(day));
        this.file = dayDir.resolve(name);
        this.inputs = new LedgerInputs(exchange, symbol, "relay/" + exchange.id() + "/" + symbolFs + "/" + day);
    }

    long horizon() {
        return horizon;
    }

    /** The first row's recv_seq, or -1 before any row. */
    long firstSeq() {
        return firstSeq;
    }

    List<Entry> entries() {
        return entries;
    }

    /**
     * The recv_seq of the newest row when it is of {@code type}, else -1: a {@code run_end} (the recorder stopped
     * cleanly), a {@code window_end} (the day's trading window closed and nothing follows in this day).
     */
    long endSeq(EventType type) {
        return newestType.equals(type.csvName()) ? newestSeq : -1;
    }

    /** The ts_us of that row, else -1. */
    long endTsUs(EventType type) {
        return newestType.equals(type.csvName()) ? newestTsUs : -1;
    }

    /** The newest ts_us of any row read (the recorder writes a heartbeat row every HEARTBEAT_SEC), else -1. */
    long lastRowTsUs() {
        return lastRowTsUs;
    }

    /**
     * Whether the day's numbering never went back (it does in a day where a run started its recv_seq again at 0): then
     * the day's files are in recv_seq order and can be sought in ({@link io.mm.core.contract.GzipMembers#atOrBefore}).
     */
    boolean numberedInOrder() {
        return numberedInOrder;
    }

    /** What stopped the ledger from being read, or null. */
    String problem() {
        return problem;
    }

    /** Reads rows added since the last call; true when there were any. */
    boolean refresh() {
        long s;
        try {
            s = Files.size(file);
        } catch (IOException e) {
            return false; // no ledger committed yet
        }
        if (s == size) {
            return false;
        }
        List<CSVRecord> rows;
        try (Reader r = new InputStreamReader(new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8);
             CSVParser p = CSVParser.builder().setReader(r).setFormat(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                     .get()).get()) {
            if (!p.getHeaderNames().equals(ContractFile.EVENTS_COLUMNS)) {
                problem = name + ": header " + p.getHeaderNames() + " is not " + ContractFile.EVENTS_COLUMNS;
                return false;
            }
            rows = p.getRecords();
        } catch (EOFException | java.io.UncheckedIOException e) {
            return false; // a commit is appending: read it again next time
        } catch (NoSuchFileException e) {
            return false;
        } catch (ZipException e) {
            problem = name + ": not a gzip file (" + e.getMessage() + ")";
            return false;
        } catch (IOException | IllegalStateException e) {
            problem = name + ": unreadable: " + e.getMessage();
            return false;
        }
        size = s;
        boolean any = false;
        for (int i = (int) rowsRead; i < rows.size(); i++) {
            CSVRecord r = rows.get(i);
            String where = name + ":" + (r.getRecordNumber() + 1);
            try {
                long seq = Long.parseLong(r.get("recv_seq"));
                int epoch = Integer.parseInt(r.get("epoch"));
                String type = r.get("type");
                String state = r.get("state");
                if (firstSeq < 0) {
                    firstSeq = seq;
                }
                numberedInOrder &= seq >= lastRowSeq;
                lastRowSeq = seq;
                long tsUs = Long.parseLong(r.get("ts_us"));
                lastRowTsUs = Math.max(lastRowTsUs, tsUs);
                JsonNode details = JSON.readTree(r.get("details"));
                inputs.row(where, type.equals("snapshot") ? Long.parseLong(r.get("event_id")) : 0, seq, tsUs,
                        epoch, type, state, r.get("tag"), details, this::readSnapshot);
                List<LedgerInputs.Input> all = inputs.inputs();
                for (; inputsSeen < all.size(); inputsSeen++) {
                    LedgerInputs.Input in = all.get(inputsSeen);
                    RawFrame.Type t = in.frame().type();
                    boolean reset = t == RawFrame.Type.CLOSE || t == RawFrame.Type.ERROR || t == RawFrame.Type.RECOVERY
                            || t == RawFrame.Type.BOOK_SNAPSHOT || t == RawFrame.Type.RUN_START;
                    entries.add(new Entry(in, reset, epoch, everSynced));
                }
                if ("SYNCED".equals(state) || type.equals("window_start") && LedgerInputs.everSynced(details, epoch, everSynced)) {
                    everSynced = true;
                }
                newestType = type;
                newestSeq = seq;
                newestTsUs = tsUs;
                horizon = Math.max(horizon, seq);
                rowsRead++;
                any = true;
            } catch (JsonProcessingException | IllegalArgumentException e) {
                problem = where + ": " + e.getMessage();
                LOG.warn("ledger row skipped: {}", problem);
                rowsRead++;
            } catch (LedgerInputs.BadRow e) {
                // a snapshot file not there yet (written with the row, so this is rare): the row is read again next time
                LOG.debug("ledger row deferred: {}", e.getMessage());
                size = -1;
                break;
            }
        }
        return any;
    }

    /** Kraken's precisions, known only from a later snapshot row, go before everything. */
    List<LedgerInputs.Input> preamble() {
        return inputs.preamble();
    }

    private String readSnapshot(String f, long eventId) throws LedgerInputs.BadRow {
        try {
            return Files.readString(dayDir.resolve(f), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LedgerInputs.BadRow(f + " (named by snapshot event " + eventId + "): " + e.getMessage());
        }
    }
}
