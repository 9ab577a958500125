package io.mm.validator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.core.contract.ContractFile;
import io.mm.core.contract.CsvRows;
import io.mm.core.contract.StrictGzipInputStream;
import io.mm.core.contract.FileRecord;
import io.mm.validator.replay.ReadAheadInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.csv.CSVRecord;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Compares what the replayed operator computed with what the recorder wrote, one day at a time: the book
 * frames row for row (streamed against the recorded file), the sequence and checksum gaps, the resync count.
 * Chained behind the keyed replay operator, it sees each day's output contiguously and in order, and emits
 * the day's {@link DayReport} as JSON when the next day starts and at the end.
 */
public final class ReplayComparator extends AbstractStreamOperator<String> implements OneInputStreamOperator<FileRecord, String> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Day key {@code exchange/SYMBOL_FS/YYYYMMDD} to the recorded directory. */
    private final Map<String, String> dayDirs;
    private transient DayCompare current;

    public ReplayComparator(Map<String, String> dayDirs) {
        this.dayDirs = new HashMap<>(dayDirs);
    }

    @Override
    public void processElement(StreamRecord<FileRecord> element) throws Exception {
        FileRecord r = element.getValue();
        String key = dayKey(r.path());
        if (current == null || !current.key.equals(key)) {
            flush();
            current = new DayCompare(key, Paths.get(dayDirs.get(key)));
        }
        current.accept(r);
    }

    static String dayKey(String path) {
        int a = path.indexOf('/');
        int b = path.indexOf('/', a + 1);
        int c = path.indexOf('/', b + 1);
        return c < 0 ? path : path.substring(0, c);
    }

    private void flush() throws IOException {
        if (current != null) {
            output.collect(new StreamRecord<>(JSON.writeValueAsString(current.report())));
            current.close();
            current = null;
        }
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    /** The comparison of one day. */
    static final class DayCompare {
        final String key;
        final Path dir;
        private final String symbolFs;
        private final String day;
        private final String orderbookSuffix;
        private LineReader recordedFrames;
        private boolean recordedFramesOpened;
        /** The recorded file's header columns, and whether a row of another width was reported (once a day). */
        private int headerColumns;
        private boolean widthReported;
        private long framesRecorded;
        private long framesReplayed;
        private String firstDifference;
        private long framesDiffering;
        private long diffs;
        private long resyncsReplayed;
        private final List<String> replayedGaps = new ArrayList<>();
        private final Map<String, Long> gapsReplayed = new TreeMap<>();
        private final List<String> errors = new ArrayList<>();
        private final List<String> findings = new ArrayList<>();
        private final SnapshotCsvCheck snapshotCsvs = new SnapshotCsvCheck();

        private final Exchange exchange;

        DayCompare(String key, Path dir) {
            this.key = key;
            this.dir = dir;
            String[] p = key.split("/");
            this.exchange = Exchange.parse(p[0]);
            this.symbolFs = p[1];
            this.day = p[2];
            this.orderbookSuffix = ContractFile.ORDERBOOK.relativePath(symbolFs, day);
        }

        void accept(FileRecord r) throws IOException {
            if (r.kind() == FileRecord.FINDING) {
                JsonNode f = JSON.readTree(r.data());
                if ("input_error".equals(f.path("kind").asText())) {
                    errors.add(f.path("error").asText());
                } else if ("end_of_day".equals(f.path("kind").asText())) {
                    diffs = JSON.readTree(f.path("counts").asText()).path("diffs").asLong();
                } else {
                    findings.add(f.path("detail").asText(f.toString()));
                }
                return;
            }
            if (r.kind() == FileRecord.WHOLE_FILE && r.path().endsWith(".csv") && r.path().contains("/snapshots/")) {
                snapshotCsvs.replayed(r.data());
                return;
            }
            if (r.kind() != FileRecord.APPEND) {
                return;
            }
            String path = r.path();
            if (path.endsWith(orderbookSuffix)) {
                compareFrame(r.data());
                return;
            }
            ContractFile kind = ContractFile.ofFileName(path.substring(path.lastIndexOf('/') + 1));
            String text = new String(r.data(), StandardCharsets.UTF_8);
            if (kind == ContractFile.GAPS) {
                for (CSVRecord g : CsvRows.parse(String.join(",", ContractFile.GAPS_COLUMNS) + "\n" + text)) {
                    String k = g.get("kind");
                    if (k.equals("sequence") || k.equals("checksum")) {
                        gapsReplayed.merge(k, 1L, Long::sum);
                        replayedGaps.add(gapKey(g));
                    }
                }
            } else if (kind == ContractFile.EVENTS && text.contains(",resync_start,")) {
                resyncsReplayed++;
            }
        }

        private static String gapKey(CSVRecord g) {
            return g.get("kind") + " at recv_seq " + g.get("recv_seq") + " (expected " + g.get("expected") + ", got " + g.get("got") + ")";
        }

        /** {@code replayed} is one row with its newline, compared byte for byte with the recording's next row. */
        private void compareFrame(byte[] replayed) throws IOException {
            framesReplayed++;
            int len = replayed.length > 0 && replayed[replayed.length - 1] == '\n' ? replayed.length - 1 : replayed.length;
            Boolean equal = nextRecordedFrameEquals(replayed, len);
            if (equal != null) {
                framesRecorded++;
            }
            if (!Boolean.TRUE.equals(equal)) {
                framesDiffering++;
            }
            if (firstDifference == null && !Boolean.TRUE.equals(equal)) {
                firstDifference = "row " + framesReplayed + ": recorded " + (equal != null ? recordedFrames.lineString() : "<none>")
                        + " | replayed " + new String(replayed, 0, len, StandardCharsets.UTF_8);
            }
            if (Boolean.FALSE.equals(equal) && !widthReported) {
                checkWidth(recordedFrames.lineString());
            }
        }

        /** A differing row may not even have its header's columns: a file no CSV reader takes as the contract's. */
        private void checkWidth(String row) {
            int columns = row.split(",", -1).length;
            if (columns != headerColumns) {
                widthReported = true;
                errors.add(ContractFile.ORDERBOOK.relativePath(symbolFs, day) + ": row " + framesRecorded + " has " + columns
                        + " columns, the header " + headerColumns + " (rows of another DEPTH_LEVELS appended to the day's file)");
            }
        }

        private Boolean nextRecordedFrameEquals(byte[] replayed, int len) throws IOException {
            if (!openRecordedFrames()) {
                return null;
            }
            try {
                return recordedFrames.nextEquals(replayed, len);
            } catch (EOFException e) {
                errors.add(ContractFile.ORDERBOOK.relativePath(symbolFs, day) + ": truncated gzip after row " + framesRecorded);
                recordedFrames = null;
                return null;
            }
        }

        /** Advances the recorded rows; false at their end. */
        private boolean nextRecordedFrame() throws IOException {
            if (!openRecordedFrames()) {
                return false;
            }
            try {
                return recordedFrames.next();
            } catch (EOFException e) {
                errors.add(ContractFile.ORDERBOOK.relativePath(symbolFs, day) + ": truncated gzip after row " + framesRecorded);
                recordedFrames = null;
                return false;
            }
        }

        /** Opens the recorded rows (past their header) once; false if there are none to read. */
        private boolean openRecordedFrames() {
            if (!recordedFramesOpened) {
                recordedFramesOpened = true;
                Path f = dir.resolve(ContractFile.ORDERBOOK.relativePath(symbolFs, day));
                String name = ContractFile.ORDERBOOK.relativePath(symbolFs, day);
                try {
                    recordedFrames = new LineReader(new ReadAheadInputStream(new StrictGzipInputStream(Files.newInputStream(f), name,
                            1 << 16), 1 << 18, 8, "read-ahead " + key));
                    List<String> header = recordedFrames.next() ? java.util.Arrays.asList(recordedFrames.lineString().split(",", -1)) : null;
                    String problem = header == null ? "empty file (no header row)" : orderbookHeaderProblem(header);
                    headerColumns = problem == null ? header.size() : 0;
                    if (problem != null) {
                        errors.add(name + ": " + problem);
                        recordedFrames = null;
                    }
                } catch (NoSuchFileException e) {
                    recordedFrames = null;
                } catch (IOException e) {
                    errors.add(f.getFileName() + ": " + e.getMessage());
                    recordedFrames = null;
                }
            }
            return recordedFrames != null;
        }

        /** The header must be the contract's for the depth its bid price columns give. */
        private static String orderbookHeaderProblem(List<String> columns) {
            String problem = ContractFile.headerProblem(columns, ContractFile.orderbookColumns(Math.max(1, ContractFile.orderbookLevels(columns))));
            return problem == null ? null : "header: " + problem;
        }

        DayReport report() throws IOException {
            // recorded frames the replay did not produce
            while (nextRecordedFrame()) {
                framesRecorded++;
                framesDiffering++;
                if (firstDifference == null) {
                    firstDifference = "row " + framesRecorded + ": recorded " + recordedFrames.lineString() + " | replayed <none>";
                }
            }
            Map<String, Long> gapsRecorded = new TreeMap<>();
            List<String> recordedGaps = new ArrayList<>();
            // the trades' own gaps, "expected..got": the trades audit holds the holes in the trade ids to them
            Set<String> tradeGaps = new HashSet<>();
            Path gapsFile = dir.resolve(ContractFile.GAPS.relativePath(symbolFs, day));
            int errorsBefore = errors.size();
            if (Files.exists(gapsFile)) {
                for (CSVRecord g : readCsv(gapsFile, ContractFile.GAPS)) {
                    gapsRecorded.merge(g.get("kind"), 1L, Long::sum);
                    // a trade id hole is about the trades, which a replay of the book does not rebuild
                    boolean book = !g.get("details").contains("\"stream\":\"trades\"");
                    if (book && (g.get("kind").equals("sequence") || g.get("kind").equals("checksum"))) {
                        recordedGaps.add(gapKey(g));
                    } else if (!book) {
                        tradeGaps.add(g.get("expected") + ".." + g.get("got"));
                    }
                }
            }
            boolean gapsUsable = errors.size() == errorsBefore;
            List<String> mismatches = new ArrayList<>();
            List<String> onlyReplayed = new ArrayList<>(replayedGaps);
            for (String g : recordedGaps) {
                if (!onlyReplayed.remove(g)) {
                    mismatches.add("recorded but not replayed: " + g);
                }
            }
            for (String g : onlyReplayed) {
                mismatches.add("replayed but not recorded: " + g);
            }
            long resyncsRecorded = 0;
            long snapshots = 0;
            int epochs = 0;
            Path events = dir.resolve(ContractFile.EVENTS.relativePath(symbolFs, day));
            if (Files.exists(events)) {
                for (CSVRecord e : readCsv(events, ContractFile.EVENTS)) {
                    if (e.get("type").equals("resync_start")) {
                        resyncsRecorded++;
                    } else if (e.get("type").equals("snapshot")) {
                        snapshots++;
                        // a replay cut short by unusable input took only some of the snapshots
                        String wrong = errors.isEmpty() ? snapshotCsvs.recorded(dir, e.get("event_id"), e.get("tag")) : null;
                        if (wrong != null) {
                            findings.add(wrong);
                        }
                    }
                    try {
                        epochs = Math.max(epochs, Integer.parseInt(e.get("epoch")));
                    } catch (NumberFormatException ignored) {
                        // reported by the replay source when it read the ledger
                    }
                }
            }
            // more book frames than snapshots, and not one diff: the frames' diffs were not stored (without a
            // snapshot either, the day is empty, which the replay source says)
            String diffsFile = ContractFile.DEPTH_DIFFS.relativePath(symbolFs, day);
            if (diffs == 0 && snapshots > 0 && framesRecorded > snapshots && !Files.exists(dir.resolve(diffsFile))) {
                errors.add(diffsFile + ": missing, so the book frames cannot be replayed (a day recorded with STORE_DEPTH_DIFFS=0)");
            }
            for (String problem : DayFilesAudit.audit(dir, symbolFs, day)) {
                if (!errors.contains(problem)) {
                    errors.add(problem);
                }
            }
            TradesAudit.Outcome trades = TradesAudit.audit(dir, exchange, symbolFs, day, gapsUsable ? tradeGaps : null);
            errors.addAll(trades.errors());
            findings.addAll(trades.findings());
            // diffs were recorded but the book never synced: the day holds no book at all
            boolean neverSynced = diffs > 0 && framesRecorded == 0 && framesReplayed == 0;
            return new DayReport(dir.toString(), diffs, snapshots, framesRecorded, framesReplayed, firstDifference == null, framesDiffering,
                    firstDifference, gapsRecorded, gapsReplayed, mismatches, resyncsRecorded, resyncsReplayed, epochs, neverSynced, errors,
                    findings);
        }

        private List<CSVRecord> readCsv(Path f, ContractFile kind) {
            String name = dir.relativize(f).toString();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(new StrictGzipInputStream(Files.newInputStream(f), name),
                    StandardCharsets.UTF_8))) {
                StringBuilder sb = new StringBuilder();
                char[] buf = new char[8192];
                int n;
                while ((n = r.read(buf)) > 0) {
                    sb.append(buf, 0, n);
                }
                int eol = sb.indexOf("\n");
                if (sb.length() == 0) {
                    errors.add(name + ": empty file (no header row)");
                    return List.of();
                }
                String problem = ContractFile.headerProblem(java.util.Arrays.asList(sb.substring(0, eol < 0 ? sb.length() : eol).split(",", -1)),
                        kind.columns(0));
                if (problem != null) {
                    errors.add(name + ": header: " + problem);
                    return List.of();
                }
                return wellFormed(CsvRows.parse(sb.toString()), kind.columns(0).size(), name);
            } catch (IOException | RuntimeException e) {
                errors.add(e.getMessage() != null && e.getMessage().startsWith(name) ? e.getMessage() : name + ": " + e.getMessage());
            }
            return List.of();
        }

        /** The rows with their header's fields; the others are unusable input, the first named with its line. */
        private List<CSVRecord> wellFormed(List<CSVRecord> rows, int columns, String name) {
            List<CSVRecord> good = new ArrayList<>(rows.size());
            long bad = 0;
            for (CSVRecord r : rows) {
                if (r.size() == columns) {
                    good.add(r);
                } else if (bad++ == 0) {
                    String problem = name + ":" + (r.getRecordNumber() + 1) + ": " + r.size() + " fields, the header has " + columns;
                    if (!errors.contains(problem)) { // the replay source names a ledger row so too
                        errors.add(problem);
                    }
                }
            }
            if (bad > 1) {
                errors.add(name + ": " + (bad - 1) + " more row(s) without the header's " + columns + " fields");
            }
            return good;
        }

        void close() throws IOException {
            if (recordedFrames != null) {
                recordedFrames.close();
            }
        }
    }
}
