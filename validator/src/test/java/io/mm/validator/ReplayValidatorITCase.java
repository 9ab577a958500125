package io.mm.validator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.contract.ContractFile;
import io.mm.core.contract.FileRecord;
import io.mm.core.feed.RawFrame;
import io.mm.operators.RecorderSettings;
import io.mm.operators.book.BookSyncOperatorFactory;
import io.mm.operators.testkit.KrakenSession;
import io.mm.sinks.day.DayFileSink;
import io.mm.sinks.day.DayFileSinkSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A real Kraken session recorded by the recorder's operator and exactly-once sink, then validated by replay;
 * and corrupted copies of that day, each reported with the right status, exit code and message.
 */
class ReplayValidatorITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI = new MiniClusterExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DAY = "kraken/BTCUSD/20230730";

    @TempDir
    static Path recorded;

    @TempDir
    Path work;

    @BeforeAll
    static void record() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        RecorderSettings settings = RecorderSettings.defaults("rec-1").withWindow("UTC", "00:00", "00:15", "1").withTelemetry(0, 30)
                .withOutputs(10, true, false).withClock(KrakenSession.CLOCK, System.currentTimeMillis());
        env.fromData(KrakenSession.frames(), TypeInformation.of(RawFrame.class))
                .keyBy(RawFrame::key)
                .transform("book-sync", TypeInformation.of(FileRecord.class), new BookSyncOperatorFactory(settings, null))
                .sinkTo(new DayFileSink(DayFileSinkSettings.defaults(recorded.toString()).withDepthLevels(10).withFsync(false)));
        env.execute("record the Kraken session");
    }

    private Path copy() throws IOException {
        Path src = recorded.resolve(DAY);
        Path dst = work.resolve(DAY);
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return dst;
    }

    private static DayReport validate(Path day) throws Exception {
        List<DayReport> r = ValidatorJob.run(ValidatorJob.findDays(day), 1);
        assertThat(r).hasSize(1);
        return r.get(0);
    }

    @Test
    void theRecordedDayReplaysToTheSameFrames() throws Exception {
        DayReport r = validate(recorded.resolve(DAY));
        assertThat(r.errors()).isEmpty();
        assertThat(r.firstDifference()).isNull();
        assertThat(r.framesRecorded()).isEqualTo(510);
        assertThat(r.framesReplayed()).isEqualTo(510);
        assertThat(r.diffs()).isEqualTo(509);
        assertThat(r.snapshots()).isEqualTo(1);
        assertThat(r.status()).isEqualTo(DayReport.Status.CLEAN);
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void theCommandLineSaysCleanWithExitZeroAndWritesTheReport() throws Exception {
        Path report = work.resolve("report.json");
        java.io.StringWriter out = new java.io.StringWriter();
        CommandLine cl = new CommandLine(new ValidateCommand());
        cl.setOut(new java.io.PrintWriter(out));
        int exit = cl.execute("--data-dir", recorded.toString(), "--report", report.toString(), "--no-progress");
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("BTCUSD/20230730: clean").contains("510/510 frames equal").contains("1 day(s): 1 clean");
        JsonNode doc = JSON.readTree(report.toFile());
        assertThat(doc.get("exit_code").asInt()).isZero();
        assertThat(doc.get("days").get(0).get("framesRecorded").asLong()).isEqualTo(510);
    }

    @Test
    void outputThatIsNoTerminalGetsNoProgressBar() throws Exception {
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        int exit;
        try {
            CommandLine cl = new CommandLine(new ValidateCommand());
            cl.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
            exit = cl.execute("--data-dir", recorded.toString());
        } finally {
            System.setErr(err);
        }
        assertThat(exit).isZero();
        assertThat(captured.toString()).as("a log file or a pipe gets no redrawn bar").doesNotContain("replaying 1 day(s)");
    }

    @Test
    void withoutADirectoryItValidatesTheDataRootTheRecorderWritesTo() throws Exception {
        java.io.StringWriter out = new java.io.StringWriter();
        CommandLine cl = new CommandLine(new ValidateCommand(java.util.Map.of("DATA_DIR", recorded.toString())));
        cl.setOut(new java.io.PrintWriter(out));
        assertThat(cl.execute("--no-progress")).isZero();
        assertThat(out.toString()).contains("BTCUSD/20230730: clean").contains("1 day(s): 1 clean");
    }

    @Test
    void aReportThatCannotBeWrittenIsSaidBeforeTheReplay() throws Exception {
        Path notADir = Files.writeString(work.resolve("plain-file"), "x");
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cl = new CommandLine(new ValidateCommand());
        cl.setOut(new java.io.PrintWriter(out));
        cl.setErr(new java.io.PrintWriter(err));
        int exit = cl.execute("--data-dir", recorded.toString(), "--report", notADir.resolve("report.json").toString(), "--no-progress");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("mm validate: --report " + notADir.resolve("report.json") + ": cannot write there ("
                + notADir + " is not a directory)");
        assertThat(out.toString()).as("nothing replayed").isEmpty();
    }

    @Test
    void anAlteredDiffIsACheckSumMismatchTheRecordingDidNotHave() throws Exception {
        Path day = copy();
        // change one quantity inside a recorded frame: Kraken's checksum no longer matches the book
        rewriteDiffs(day, lines -> lines.set(99, lines.get(99).replaceFirst("\"qty\":([0-9.]+)", "\"qty\":1.23456789")));
        DayReport r = validate(day);
        assertThat(r.status()).isEqualTo(DayReport.Status.MISMATCH);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.gapMismatches()).anyMatch(m -> m.startsWith("replayed but not recorded: checksum at recv_seq"));
        assertThat(r.framesEqual()).isFalse();
        // row 1 is the snapshot: altered diff 100 is row 101, and without a resync snapshot the replay stops there
        assertThat(r.firstDifference()).startsWith("row 101:").endsWith("replayed <none>");
        assertThat(r.framesReplayed()).isEqualTo(100);
        assertThat(r.summary()).contains("100/510 frames, 410 differ");
    }

    @Test
    void oneAlteredFrameIsCountedAsOne() throws Exception {
        Path day = copy();
        rewrite(day.resolve("orderbook_ws_depth_BTCUSD_20230730.csv.gz"), lines -> {
            String[] f = lines.get(300).split(",", -1);
            f[4] = "7"; // the epoch
            lines.set(300, String.join(",", f));
        });
        DayReport r = validate(day);
        assertThat(r.status()).isEqualTo(DayReport.Status.MISMATCH);
        assertThat(r.framesDiffering()).isEqualTo(1);
        assertThat(r.summary()).contains("510/510 frames, 1 differs").contains("first difference: row 300: ");
    }

    @Test
    void aTruncatedGzipIsUnusableInputNamingTheFile() throws Exception {
        Path day = copy();
        Path diffs = day.resolve("diffs/depth_diffs_BTCUSD_20230730.ndjson.gz");
        byte[] b = Files.readAllBytes(diffs);
        Files.write(diffs, java.util.Arrays.copyOf(b, b.length * 2 / 3));
        DayReport r = validate(day);
        assertThat(r.status()).isEqualTo(DayReport.Status.UNUSABLE);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errors()).singleElement().asString().contains("depth_diffs_BTCUSD_20230730.ndjson.gz").contains("truncated gzip");
    }

    @Test
    void aMissingSnapshotFileIsNamed() throws Exception {
        Path day = copy();
        try (Stream<Path> s = Files.list(day.resolve("snapshots"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".json")).toList()) {
                Files.delete(p);
            }
        }
        DayReport r = validate(day);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errors()).singleElement().asString().contains("snapshots/snapshot_").contains("_initial.json is missing");
    }

    @Test
    void aLedgerRowWithAFieldMoreOrATimeThatIsNoNumberIsNamedWithItsLineAndColumn() throws Exception {
        Path wide = copyAs("wide-ledger");
        rewriteEvents(wide, lines -> lines.set(3, lines.get(3) + ",x"));
        DayReport r = validate(wide);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errors()).containsExactly("events_BTCUSD_20230730.csv.gz:4: 10 fields, the header has 9");
        assertThat(r.findings()).as("nothing said of what the replay did not reach").isEmpty();

        Path time = copyAs("time-ledger");
        rewriteEvents(time, lines -> {
            String[] f = lines.get(3).split(",", 3);
            lines.set(3, f[0] + ",soon," + f[2]);
        });
        DayReport t = validate(time);
        assertThat(t.exitCode()).isEqualTo(2);
        assertThat(t.errors()).containsExactly("events_BTCUSD_20230730.csv.gz:4: ts_us 'soon' is not an integer");
    }

    @Test
    void aGapRowWithoutItsFieldsIsNamedWithItsLineNotAFailedJob() throws Exception {
        Path day = copyAs("bad-gaps");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(day.resolve("gaps_BTCUSD_20230730.csv.gz")))) {
            out.write((String.join(",", io.mm.core.contract.ContractFile.GAPS_COLUMNS) + "\n123\n").getBytes(StandardCharsets.UTF_8));
        }
        DayReport r = validate(day);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errors()).containsExactly("gaps_BTCUSD_20230730.csv.gz:2: 1 fields, the header has 7");
        assertThat(r.framesEqual()).as("what the day holds besides is still checked").isTrue();
    }

    @Test
    void linesOutOfOrderAndAnotherSymbolsLinesAreNamedWithTheirLine() throws Exception {
        Path day = copy();
        rewriteDiffs(day, lines -> {
            String a = lines.get(10);
            lines.set(10, lines.get(11));
            lines.set(11, a);
        });
        DayReport r = validate(day);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errors()).singleElement().asString().contains(":12: recv_seq").contains("out of order");

        Path other = copy2();
        rewriteDiffs(other, lines -> lines.set(5, lines.get(5).replace("\"symbol\":\"BTC/USD\"", "\"symbol\":\"ETH/USD\"")));
        DayReport r2 = validate(other);
        assertThat(r2.exitCode()).isEqualTo(2);
        assertThat(r2.errors()).singleElement().asString().contains(":6: a line of ETH/USD in the day of BTC/USD");
    }

    @Test
    void anEmptyDayIsUnusable() throws Exception {
        Path day = copy();
        Files.delete(day.resolve("diffs/depth_diffs_BTCUSD_20230730.ndjson.gz"));
        rewriteEvents(day, lines -> lines.removeIf(l -> l.contains(",snapshot,")));
        DayReport r = validate(day);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errors()).singleElement().asString().contains("empty day");
    }

    @Test
    void bytesAfterAGzipsLastMemberAreUnusableNamingTheFileAsPythonsGzipRefusesThem() throws Exception {
        Path day = copy();
        Path diffs = day.resolve("diffs/depth_diffs_BTCUSD_20230730.ndjson.gz");
        long size = Files.size(diffs);
        Files.write(diffs, "garbage".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
        DayReport r = validate(day);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errors()).singleElement().asString()
                .startsWith("diffs/depth_diffs_BTCUSD_20230730.ndjson.gz: trailing bytes at offset " + size + " that are not a gzip member");

        // the trades files are not replayed, and are checked all the same
        Path other = copy2();
        Path trades = other.resolve("trades/trades_ws_raw_BTCUSD_20230730.ndjson.gz");
        Files.write(trades, new byte[] {0x1f, 0x0b, 1, 2}, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        DayReport r2 = validate(other);
        assertThat(r2.exitCode()).isEqualTo(2);
        assertThat(r2.errors()).singleElement().asString().startsWith("trades/trades_ws_raw_BTCUSD_20230730.ndjson.gz: ");
    }

    @Test
    void unusableTradesFilesAreNamedEachOnItsOwn() throws Exception {
        String rows = "trades_ws_BTCUSD_20230730.csv.gz";
        String raw = "trades/trades_ws_raw_BTCUSD_20230730.ndjson.gz";
        Path torn = copyAs("torn");
        long rowsSize = Files.size(torn.resolve(rows));
        long rawSize = Files.size(torn.resolve(raw));
        Files.write(torn.resolve(rows), "garbage".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
        Files.write(torn.resolve(raw), "garbage".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
        assertThat(unusable(torn)).containsExactly(rows + ": trailing bytes at offset " + rowsSize + " that are not a gzip member",
                raw + ": trailing bytes at offset " + rawSize + " that are not a gzip member");

        Path header = copyAs("header");
        rewrite(header.resolve(rows), l -> l.set(0, l.get(0).replace("side,", "")));
        assertThat(unusable(header)).containsExactly(rows + ": header: column 'side' is missing");

        Path empty = copyAs("empty");
        Files.write(empty.resolve(rows), new byte[0]);
        assertThat(unusable(empty)).containsExactly(rows + ": empty file (no header row)");
    }

    private static List<String> unusable(Path day) throws Exception {
        DayReport r = validate(day);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.findings()).isEmpty();
        return r.errors();
    }

    @Test
    void aFramesHeaderWithAColumnMissingOrReorderedNamesTheColumn() throws Exception {
        Path day = copy();
        rewrite(day.resolve("orderbook_ws_depth_BTCUSD_20230730.csv.gz"), lines -> lines.set(0, lines.get(0).replace("checksum,", "")));
        DayReport r = validate(day);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errors()).containsExactly("orderbook_ws_depth_BTCUSD_20230730.csv.gz: header: column 'checksum' is missing");

        Path other = copy2();
        rewrite(other.resolve("orderbook_ws_depth_BTCUSD_20230730.csv.gz"),
                lines -> lines.set(0, lines.get(0).replace("bid_px_1,bid_qty_1,", "bid_qty_1,bid_px_1,")));
        DayReport r2 = validate(other);
        assertThat(r2.exitCode()).isEqualTo(2);
        assertThat(r2.errors()).containsExactly(
                "orderbook_ws_depth_BTCUSD_20230730.csv.gz: header: column 7 is 'bid_qty_1' where the contract has 'bid_px_1' (columns reordered)");
    }

    @Test
    void rowsNarrowerThanTheHeaderAreUnusableNamingTheFirst() throws Exception {
        Path day = copy();
        // the rows from the 101st on cut to 5 levels, as a run with another DEPTH_LEVELS would have appended them
        rewrite(day.resolve("orderbook_ws_depth_BTCUSD_20230730.csv.gz"), lines -> {
            for (int i = 101; i < lines.size(); i++) {
                lines.set(i, String.join(",", java.util.Arrays.asList(lines.get(i).split(",", -1)).subList(0, 6 + 4 * 5)));
            }
        });
        DayReport r = validate(day);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errors()).containsExactly("orderbook_ws_depth_BTCUSD_20230730.csv.gz: row 101 has 26 columns, the header 46 "
                + "(rows of another DEPTH_LEVELS appended to the day's file)");
    }

    @Test
    void framesWithoutTheirDiffsAreUnusableSayingWhy() throws Exception {
        Path day = copy();
        Files.delete(day.resolve("diffs/depth_diffs_BTCUSD_20230730.ndjson.gz"));
        DayReport r = validate(day);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errors()).contains("diffs/depth_diffs_BTCUSD_20230730.ndjson.gz: missing, so the book frames cannot be replayed "
                + "(a day recorded with STORE_DEPTH_DIFFS=0)");
    }

    @Test
    void anEmptyFileIsNamed() throws Exception {
        Path day = copy();
        Files.write(day.resolve("orderbook_ws_depth_BTCUSD_20230730.csv.gz"), new byte[0]);
        DayReport r = validate(day);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errors()).containsExactly("orderbook_ws_depth_BTCUSD_20230730.csv.gz: empty file (no header row)");
    }

    @Test
    void anotherSymbolsOrExchangesFilesInTheDayAreNamed() throws Exception {
        Path day = copy();
        Files.copy(day.resolve("trades_ws_BTCUSD_20230730.csv.gz"), day.resolve("trades_ws_ETHUSD_20230730.csv.gz"));
        Files.copy(day.resolve("events_BTCUSD_20230730.csv.gz"), day.resolve("snapshots/events_BTCUSD_20230730.csv.gz"));
        Files.createDirectories(day.resolve("binance"));
        Files.writeString(day.resolve(".bookkeeping"), "hidden files are the recorder's own");
        DayReport r = validate(day);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errors()).containsExactlyInAnyOrder(
                "trades_ws_ETHUSD_20230730.csv.gz: not a file of this day's recording (another symbol's, exchange's or day's?)",
                "snapshots/events_BTCUSD_20230730.csv.gz: not a file of this day's recording (another symbol's, exchange's or day's?)",
                "binance: a directory the contract does not have");
    }

    @Test
    void tradesRowsAreHeldToTheRawMessagesTheyCameFrom() throws Exception {
        String rows = "trades_ws_BTCUSD_20230730.csv.gz";
        String raw = "trades/trades_ws_raw_BTCUSD_20230730.ndjson.gz";
        List<String> written = lines(recorded.resolve(DAY).resolve(rows));
        assertThat(written).as("the session's one trade").hasSize(2);
        assertThat(written.get(1)).endsWith(",71,29430.2,0.00100000,sell,market");

        // a price that is not the message's, a row twice, a row of no message, a row with a field more
        Path price = copyAs("price");
        rewrite(price.resolve(rows), l -> l.set(1, l.get(1).replace(",29430.2,", ",29430.3,")));
        Path twice = copyAs("twice");
        rewrite(twice.resolve(rows), l -> l.add(l.get(1)));
        Path orphan = copyAs("orphan");
        String[] f = written.get(1).split(",", -1);
        long seq = Long.parseLong(f[1]);
        rewrite(orphan.resolve(rows), l -> l.set(1, l.get(1).replaceFirst("," + seq + ",", "," + (seq + 1) + ",")));
        Path wide = copyAs("wide");
        rewrite(wide.resolve(rows), l -> l.set(1, l.get(1) + ",x"));

        assertThat(mismatch(price)).containsExactly(rows + ":2: trade 71 differs from " + raw + ":1: price 29430.3 in the row, 29430.2 in the message");
        assertThat(mismatch(twice)).containsExactly(rows + ":3: trade 71 written twice");
        assertThat(mismatch(orphan)).containsExactly(rows + ":2: recv_seq " + (seq + 1) + " names no message of " + raw);
        assertThat(mismatch(wide)).containsExactly(rows + ":2: 10 fields, the header has 9");

        // a row no CSV reader takes: unusable, named, not a failed job
        Path quote = copyAs("quote");
        rewrite(quote.resolve(rows), l -> l.set(1, l.get(1).replace(",sell,", ",\"sell,")));
        DayReport q = validate(quote);
        assertThat(q.exitCode()).isEqualTo(2);
        assertThat(q.errors()).singleElement().asString().startsWith(rows + ": unreadable: ");
    }

    @Test
    void aTradeOfARawMessageWithoutItsRowIsNamedAndRowsWithoutTheirRawFileAreSaid() throws Exception {
        String rows = "trades_ws_BTCUSD_20230730.csv.gz";
        String raw = "trades/trades_ws_raw_BTCUSD_20230730.ndjson.gz";
        String message = lines(recorded.resolve(DAY).resolve(raw)).get(0);
        String row = lines(recorded.resolve(DAY).resolve(rows)).get(1);
        long seq = Long.parseLong(row.split(",", -1)[1]);
        assertThat(message).contains("\"trade_id\":71");

        // two later messages: trade 72 with its row, trade 73 (the day's last) without; a message of trade 71 again
        // (a re-sent one: written already, so no row)
        Path lost = copyAs("lost");
        rewrite(lost.resolve(raw), l -> {
            l.add(message.replace("\"recv_seq\":" + seq + ",", "\"recv_seq\":" + (seq + 1_000_000) + ","));
            l.add(message.replace("\"recv_seq\":" + seq + ",", "\"recv_seq\":" + (seq + 1_000_001) + ",").replace("\"trade_id\":71", "\"trade_id\":72"));
            l.add(message.replace("\"recv_seq\":" + seq + ",", "\"recv_seq\":" + (seq + 1_000_002) + ",").replace("\"trade_id\":71", "\"trade_id\":73"));
        });
        rewrite(lost.resolve(rows), l -> l.add(row.replaceFirst("," + seq + ",", "," + (seq + 1_000_001) + ",").replace(",71,", ",72,")));
        assertThat(mismatch(lost)).containsExactly(raw + ":4: trade 73 (recv_seq " + (seq + 1_000_002) + ") has no row in the trades file");

        Path noRaw = copyAs("noRaw");
        Files.delete(noRaw.resolve(raw));
        assertThat(mismatch(noRaw)).containsExactly(raw + ": missing, so 1 trades row(s) cannot be held to the messages they came from");
    }

    @Test
    void aHoleInTheTradeIdsIsNamedUnlessATradeGapRowSaysSo() throws Exception {
        String rows = "trades_ws_BTCUSD_20230730.csv.gz";
        String gaps = "gaps_BTCUSD_20230730.csv.gz";
        assertThat(recorded.resolve(DAY).resolve(gaps)).as("the session lost nothing").doesNotExist();
        String hole = rows + ":3: trade 74 follows trade 71: 2 trade(s) missing and no trade gap row of " + gaps
                + " says so (expected 72, got 74)";

        Path silent = copyAs("silent");
        tradeAfterAHole(silent);
        assertThat(mismatch(silent)).containsExactly(hole);

        // the same hole with the gap row the recorder writes for it: a loss the day says, not a mismatch
        Path said = copyAs("said");
        writeGapRow(said.resolve(gaps), tradeAfterAHole(said) + ",1,sequence,72,74");
        DayReport r = validate(said);
        assertThat(r.errors()).isEmpty();
        assertThat(r.findings()).isEmpty();
        assertThat(r.gapsRecorded()).containsEntry("sequence", 1L);
        assertThat(r.status()).isEqualTo(DayReport.Status.GAPS);

        // a gap row that says one trade was lost does not account for two
        Path other = copyAs("other");
        writeGapRow(other.resolve(gaps), tradeAfterAHole(other) + ",1,sequence,73,74");
        assertThat(mismatch(other)).containsExactly(hole);
    }

    /** Adds trade 74, message and row, after the session's trade 71; its recv_seq. */
    private static long tradeAfterAHole(Path day) throws IOException {
        String rows = "trades_ws_BTCUSD_20230730.csv.gz";
        String raw = "trades/trades_ws_raw_BTCUSD_20230730.ndjson.gz";
        String message = lines(recorded.resolve(DAY).resolve(raw)).get(0);
        String row = lines(recorded.resolve(DAY).resolve(rows)).get(1);
        long seq = Long.parseLong(row.split(",", -1)[1]);
        long later = seq + 1_000_000;
        rewrite(day.resolve(raw), l -> l.add(message.replace("\"recv_seq\":" + seq + ",", "\"recv_seq\":" + later + ",")
                .replace("\"trade_id\":71", "\"trade_id\":74")));
        rewrite(day.resolve(rows), l -> l.add(row.replaceFirst("," + seq + ",", "," + later + ",").replace(",71,", ",74,")));
        return later;
    }

    /** A gaps file of one trade gap row: {@code recvSeqToGot} is its recv_seq, epoch, kind, expected and got. */
    private static void writeGapRow(Path gaps, String recvSeqToGot) throws IOException {
        String row = "1690675200000000," + recvSeqToGot + ",\"{\"\"stream\"\":\"\"trades\"\"}\"";
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gaps))) {
            out.write((String.join(",", ContractFile.GAPS_COLUMNS) + "\n" + row + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aSnapshotCsvThatIsNotTheBookOfItsJsonIsNamed() throws Exception {
        Path day = copy();
        Path csv;
        try (Stream<Path> s = Files.list(day.resolve("snapshots"))) {
            csv = s.filter(p -> p.toString().endsWith(".csv")).findFirst().orElseThrow();
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        String[] f = lines.get(2).split(",", -1);
        f[3] = "9.99"; // the second bid's quantity
        String altered = String.join(",", f);
        String was = lines.set(2, altered);
        Files.write(csv, lines);
        assertThat(mismatch(day)).containsExactly("snapshots/" + csv.getFileName() + ": not the book of its .json: line 3 is '"
                + altered + "', the .json gives '" + was + "'");
    }

    private static List<String> mismatch(Path day) throws Exception {
        DayReport r = validate(day);
        assertThat(r.errors()).isEmpty();
        assertThat(r.framesEqual()).isTrue();
        assertThat(r.status()).isEqualTo(DayReport.Status.MISMATCH);
        assertThat(r.exitCode()).isEqualTo(1);
        return r.findings();
    }

    private Path copyAs(String name) throws IOException {
        Path saved = work;
        work = work.resolve(name);
        try {
            return copy();
        } finally {
            work = saved;
        }
    }

    private static List<String> lines(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void aDayWhoseBookNeverSyncedIsALoss() throws Exception {
        Path day = copy();
        // the diffs were recorded, but no snapshot ever came and no frame was written
        Files.delete(day.resolve("orderbook_ws_depth_BTCUSD_20230730.csv.gz"));
        rewriteEvents(day, lines -> lines.removeIf(l -> l.contains(",snapshot,")));
        try (Stream<Path> s = Files.list(day.resolve("snapshots"))) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        DayReport r = validate(day);
        assertThat(r.errors()).isEmpty();
        assertThat(r.neverSynced()).isTrue();
        assertThat(r.status()).isEqualTo(DayReport.Status.GAPS);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.summary()).contains("never synced: 509 diffs and not one book frame");
    }

    private Path copy2() throws IOException {
        Path saved = work;
        work = work.resolve("second");
        try {
            return copy();
        } finally {
            work = saved;
        }
    }

    private static void rewriteDiffs(Path day, java.util.function.Consumer<List<String>> edit) throws IOException {
        rewrite(day.resolve("diffs/depth_diffs_BTCUSD_20230730.ndjson.gz"), edit);
    }

    private static void rewriteEvents(Path day, java.util.function.Consumer<List<String>> edit) throws IOException {
        rewrite(day.resolve("events_BTCUSD_20230730.csv.gz"), edit);
    }

    private static void rewrite(Path f, java.util.function.Consumer<List<String>> edit) throws IOException {
        List<String> lines;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            lines = new ArrayList<>(b.toString(StandardCharsets.UTF_8).lines().toList());
        }
        edit.accept(lines);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
