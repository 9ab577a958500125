package io.mm.validator.replay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.core.contract.ContractFile;
import io.mm.core.contract.StrictGzipInputStream;
import io.mm.core.feed.Json;
import io.mm.core.feed.RawFrame;
import io.mm.core.ledger.LedgerInputs;
import java.io.BufferedReader;
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
import java.util.zip.ZipException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One recorded day, as the inputs the live operator processed, in the order it processed them: the depth
 * diffs ({@code diffs/depth_diffs_*.ndjson.gz}) merged by {@code recv_seq} with what the events ledger says
 * was input: snapshots (their JSON files), and the lifecycle moments that steer the sync engine (socket
 * open/close, the book subscription, a recovery, the instrument precisions and the conf flags). Every frame
 * gets a unique, order-defining timestamp ({@code recv_seq * 1024 + rank}; events after input N rank after
 * it), which BATCH mode needs to keep per-key order.
 *
 * <p>Unusable input ends the day with one {@link RawFrame.Type#INPUT_ERROR} frame naming the file, line and
 * problem; everything before it was delivered.
 */
final class DayRecording implements AutoCloseable {
    static final int RANKS = LedgerInputs.RANKS;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A frame and its timestamp. */
    record Timed(RawFrame frame, long timestamp) {}

    private record Input(long seq, int rank, RawFrame frame) {}

    private final DaySplit split;
    private final Path dir;
    private final String dayName;
    private boolean ended;
    private String symbol;
    private final List<Input> ledger = new ArrayList<>();
    private int ledgerPos;
    private ReadAheadLines diffs;
    private String diffsName;
    private long diffLine;
    private long lastDiffSeq = Long.MIN_VALUE;
    private Input pendingDiff;
    private boolean diffsDone;
    private boolean failed;
    private boolean pendingEnd;
    private boolean started;
    private long diffCount;
    private volatile long bytesRead; // written by the read-ahead thread, read for progress
    private final List<Input> preamble = new ArrayList<>();
    private final com.fasterxml.jackson.core.JsonFactory json = Json.FRAMES;
    private char[] headBuf = new char[256];

    DayRecording(DaySplit split) {
        this.split = split;
        this.dir = split.path();
        this.dayName = Integer.toString(split.day());
    }

    long diffCount() {
        return diffCount;
    }

    long bytesRead() {
        return bytesRead;
    }

    /** The next frame, or null when the day is done. */
    Timed next() {
        if (failed) {
            if (pendingEnd) {
                pendingEnd = false;
                return end();
            }
            return null;
        }
        try {
            if (!started) {
                started = true;
                open();
            }
            if (!preamble.isEmpty()) {
                Input i = preamble.remove(0);
                return new Timed(i.frame, i.seq * RANKS + i.rank);
            }
            if (pendingDiff == null && !diffsDone) {
                pendingDiff = readDiff();
            }
            Input l = ledgerPos < ledger.size() ? ledger.get(ledgerPos) : null;
            Input d = pendingDiff;
            if (d == null && l == null) {
                return end();
            }
            Input pick;
            if (l == null || d != null && (d.seq < l.seq || d.seq == l.seq && l.rank > 0)) {
                if (l != null && d.seq == l.seq && l.rank == 0) {
                    return error(diffsName + ":" + diffLine + ": recv_seq " + d.seq + " is also the recv_seq of a snapshot in the ledger");
                }
                pick = d;
                pendingDiff = null;
            } else {
                pick = l;
                ledgerPos++;
            }
            return new Timed(pick.frame, pick.seq * RANKS + pick.rank);
        } catch (DayError e) {
            return error(e.getMessage());
        }
    }

    private Timed error(String message) {
        failed = true;
        pendingEnd = true;
        return new Timed(frame(RawFrame.Type.INPUT_ERROR, 0, -1, message, 0), Long.MAX_VALUE - 2);
    }

    /** The last frame of every day, with what was read: the comparator closes the day's report on it. */
    private Timed end() {
        if (ended) {
            return null;
        }
        ended = true;
        return new Timed(frame(RawFrame.Type.END_OF_DAY, 0, -1, "{\"diffs\":" + diffCount + "}", 0), Long.MAX_VALUE - 1);
    }

    /** A problem that makes the rest of the day unusable. */
    private static final class DayError extends Exception {
        DayError(String m) {
            super(m);
        }
    }

    private RawFrame frame(RawFrame.Type type, long recvUs, long seq, String text, int connection) {
        return new RawFrame(split.exchange(), symbol == null ? split.symbolFs() : symbol, split.splitId(), connection, type, recvUs, seq,
                text);
    }

    private void open() throws DayError {
        if (!Files.isDirectory(dir)) {
            throw new DayError(dir + ": no such day directory");
        }
        String events = ContractFile.EVENTS.relativePath(split.symbolFs(), dayName);
        diffsName = ContractFile.DEPTH_DIFFS.relativePath(split.symbolFs(), dayName);
        Path diffsPath = dir.resolve(diffsName);
        symbol = firstDiffSymbol(diffsPath);
        List<CSVRecord> rows = readEvents(dir.resolve(events), events);
        if (symbol == null) {
            symbol = symbolFromLedger(rows);
        }
        buildLedgerInputs(rows, events);
        if (Files.exists(diffsPath)) {
            try {
                diffs = new ReadAheadLines(new StrictGzipInputStream(new CountingStream(Files.newInputStream(diffsPath)), diffsName, 1 << 16),
                        "read-ahead diffs " + split.splitId());
            } catch (IOException e) {
                throw new DayError(diffsName + ": not a gzip file (" + e.getMessage() + ")");
            }
        } else {
            diffsDone = true;
        }
        if (ledger.stream().noneMatch(i -> i.frame.type() == RawFrame.Type.REST_SNAPSHOT || i.frame.type() == RawFrame.Type.BOOK_SNAPSHOT
                || i.frame.type() == RawFrame.Type.DATA && i.rank == 0) && diffsDone) {
            throw new DayError(dir + ": empty day: no diffs and no snapshots");
        }
    }

    /** Counts compressed bytes for progress reporting. */
    private final class CountingStream extends java.io.FilterInputStream {
        CountingStream(java.io.InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                bytesRead += n;
            }
            return n;
        }
    }

    private String firstDiffSymbol(Path diffsPath) {
        if (!Files.exists(diffsPath)) {
            return null;
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new StrictGzipInputStream(Files.newInputStream(diffsPath),
                diffsName), StandardCharsets.UTF_8))) {
            String line = r.readLine();
            return line == null ? null : JSON.readTree(line).path("symbol").asText(null);
        } catch (IOException e) {
            return null; // reported with its line when the diffs are read
        }
    }

    private List<CSVRecord> readEvents(Path file, String name) throws DayError {
        try (Reader r = new InputStreamReader(new StrictGzipInputStream(Files.newInputStream(file), name), StandardCharsets.UTF_8);
             CSVParser p = CSVParser.builder().setReader(r).setFormat(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                     .get()).get()) {
            if (p.getHeaderNames().isEmpty()) {
                throw new DayError(name + ": empty file (no header row)");
            }
            String problem = ContractFile.headerProblem(p.getHeaderNames(), ContractFile.EVENTS_COLUMNS);
            if (problem != null) {
                throw new DayError(name + ": header: " + problem);
            }
            return p.getRecords();
        } catch (NoSuchFileException e) {
            throw new DayError(name + " is missing: a day cannot be replayed without its ledger");
        } catch (EOFException | ZipException e) {
            throw new DayError(e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new DayError(e.getCause().getMessage() != null && e.getCause().getMessage().startsWith(name) ? e.getCause().getMessage()
                    : name + ": unreadable: " + e.getMessage());
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw new DayError(name + ": unreadable: " + e.getMessage());
        }
    }

    private String symbolFromLedger(List<CSVRecord> rows) {
        for (CSVRecord r : rows) {
            try {
                JsonNode d = JSON.readTree(r.get("details"));
                if (d.hasNonNull("symbol") && ("run_start".equals(r.get("type")) || "recovery".equals(r.get("type")))) {
                    return d.get("symbol").asText();
                }
            } catch (IOException ignored) {
                // not every row has to parse for this
            }
        }
        return split.exchange() == Exchange.BINANCE ? split.symbolFs() : null;
    }

    private void buildLedgerInputs(List<CSVRecord> rows, String events) throws DayError {
        LedgerInputs in = new LedgerInputs(split.exchange(), symbol, split.splitId());
        for (CSVRecord r : rows) {
            String where = events + ":" + (r.getRecordNumber() + 1);
            if (r.size() != ContractFile.EVENTS_COLUMNS.size()) {
                throw new DayError(where + ": " + r.size() + " fields, the header has " + ContractFile.EVENTS_COLUMNS.size());
            }
            try {
                long eventId = integer(r, "event_id", where);
                long epoch = integer(r, "epoch", where);
                if (epoch != (int) epoch) {
                    throw new DayError(where + ": epoch '" + r.get("epoch") + "' is out of range");
                }
                in.row(where, r.get("type").equals("snapshot") ? eventId : 0, integer(r, "recv_seq", where), integer(r, "ts_us", where),
                        (int) epoch, r.get("type"), r.get("state"), r.get("tag"), JSON.readTree(r.get("details")), this::readSnapshot);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new DayError(where + ": " + e.getMessage());
            } catch (LedgerInputs.BadRow e) {
                throw new DayError(e.getMessage());
            }
        }
        for (LedgerInputs.Input i : in.preamble()) {
            preamble.add(new Input(i.seq(), i.rank(), i.frame()));
        }
        for (LedgerInputs.Input i : in.inputs()) {
            ledger.add(new Input(i.seq(), i.rank(), i.frame()));
        }
        ledger.sort((a, b) -> a.seq != b.seq ? Long.compare(a.seq, b.seq) : Integer.compare(a.rank, b.rank));
    }

    private static long integer(CSVRecord r, String column, String where) throws DayError {
        try {
            return Long.parseLong(r.get(column));
        } catch (NumberFormatException e) {
            throw new DayError(where + ": " + column + " '" + r.get(column) + "' is not an integer");
        }
    }

    private String readSnapshot(String file, long eventId) throws LedgerInputs.BadRow {
        try {
            return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new LedgerInputs.BadRow(file + " is missing (named by snapshot event " + eventId + ")");
        } catch (IOException e) {
            throw new LedgerInputs.BadRow(file + ": unreadable: " + e.getMessage());
        }
    }

    private Input readDiff() throws DayError {
        String line;
        try {
            line = diffs.readLine();
        } catch (EOFException e) {
            throw new DayError(diffsName + ": truncated gzip after line " + diffLine);
        } catch (ZipException e) {
            throw new DayError(e.getMessage() + " (after line " + diffLine + ")");
        } catch (IOException e) {
            throw new DayError(diffsName + ": unreadable after line " + diffLine + ": " + e.getMessage());
        }
        if (line == null) {
            diffsDone = true;
            return null;
        }
        diffLine++;
        if (line.isBlank()) {
            throw new DayError(diffsName + ":" + diffLine + ": empty line");
        }
        long seq = Long.MIN_VALUE;
        long recvUs = Long.MIN_VALUE;
        String sym = null;
        String raw = null;
        // the recorder writes "raw" last: tokenize only the short head, the operator parses the frame itself
        int rawAt = line.indexOf(",\"raw\":");
        if (rawAt > 0 && line.charAt(line.length() - 1) == '}' && scanOwnHead(line)) {
            if (headSymbolMismatch != null) {
                throw new DayError(diffsName + ":" + diffLine + ": a line of " + headSymbolMismatch + " in the day of " + symbol);
            }
            return diffInput(headSeq, headRecvUs, line.substring(rawAt + 7, line.length() - 1));
        }
        boolean fast = rawAt > 0 && line.charAt(line.length() - 1) == '}';
        if (fast) {
            if (headBuf.length < rawAt + 1) {
                headBuf = new char[rawAt * 2];
            }
            line.getChars(0, rawAt, headBuf, 0);
            headBuf[rawAt] = '}';
        }
        try (JsonParser p = fast ? json.createParser(headBuf, 0, rawAt + 1) : json.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new DayError(diffsName + ":" + diffLine + ": not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "recv_seq" -> seq = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : Long.MIN_VALUE;
                    case "recv_ts_us" -> recvUs = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : Long.MIN_VALUE;
                    case "symbol" -> sym = p.getValueAsString();
                    case "raw" -> {
                        int start = (int) p.currentTokenLocation().getCharOffset();
                        p.skipChildren();
                        int end = (int) p.currentLocation().getCharOffset();
                        raw = line.substring(start, end);
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw new DayError(diffsName + ":" + diffLine + ": " + Json.syntaxError(e));
        } catch (IOException e) {
            throw new DayError(diffsName + ":" + diffLine + ": " + e.getMessage());
        }
        if (fast) {
            raw = line.substring(rawAt + 7, line.length() - 1);
        }
        return diffInput(seq, recvUs, raw, sym);
    }

    private Input diffInput(long seq, long recvUs, String raw) throws DayError {
        return diffInput(seq, recvUs, raw, null);
    }

    private Input diffInput(long seq, long recvUs, String raw, String sym) throws DayError {
        if (seq == Long.MIN_VALUE || recvUs == Long.MIN_VALUE || raw == null) {
            throw new DayError(diffsName + ":" + diffLine + ": missing " + (seq == Long.MIN_VALUE ? "recv_seq" : recvUs == Long.MIN_VALUE
                    ? "recv_ts_us" : "raw"));
        }
        if (symbol != null && sym != null && !sym.equals(symbol)) {
            throw new DayError(diffsName + ":" + diffLine + ": a line of " + sym + " in the day of " + symbol);
        }
        if (seq <= lastDiffSeq) {
            throw new DayError(diffsName + ":" + diffLine + ": recv_seq " + seq + " after " + lastDiffSeq + " (out of order)");
        }
        lastDiffSeq = seq;
        diffCount++;
        return new Input(seq, 0, frame(RawFrame.Type.DATA, recvUs, seq, raw, 0));
    }

    private long headSeq;
    private long headRecvUs;
    private String headSymbolMismatch;

    /**
     * Reads the head the recorder itself writes, {@code {"recv_seq":N,"recv_ts_us":N,"exchange":"..","symbol":".."},
     * without a tokenizer; false for any other shape (which Jackson then reads).
     */
    private boolean scanOwnHead(String line) {
        headSymbolMismatch = null;
        int i = expect(line, 0, "{\"recv_seq\":");
        if (i < 0) {
            return false;
        }
        int start = i;
        long v = 0;
        while (i < line.length() && Character.isDigit(line.charAt(i)) && i - start < 18) {
            v = v * 10 + (line.charAt(i++) - '0');
        }
        if (i == start) {
            return false;
        }
        headSeq = v;
        i = expect(line, i, ",\"recv_ts_us\":");
        if (i < 0) {
            return false;
        }
        start = i;
        v = 0;
        while (i < line.length() && Character.isDigit(line.charAt(i)) && i - start < 18) {
            v = v * 10 + (line.charAt(i++) - '0');
        }
        if (i == start) {
            return false;
        }
        headRecvUs = v;
        i = expect(line, i, ",\"exchange\":\"");
        if (i < 0) {
            return false;
        }
        int q = line.indexOf('"', i);
        if (q < 0) {
            return false;
        }
        i = expect(line, q, "\",\"symbol\":\"");
        if (i < 0) {
            return false;
        }
        q = line.indexOf('"', i);
        if (q < 0 || line.indexOf('\\', i) >= 0 && line.indexOf('\\', i) < q) {
            return false;
        }
        if (symbol != null && (q - i != symbol.length() || !line.regionMatches(i, symbol, 0, symbol.length()))) {
            headSymbolMismatch = line.substring(i, q);
        }
        return true;
    }

    private static int expect(String line, int at, String token) {
        return line.startsWith(token, at) ? at + token.length() : -1;
    }

    @Override
    public void close() throws IOException {
        if (diffs != null) {
            diffs.close();
        }
    }
}
