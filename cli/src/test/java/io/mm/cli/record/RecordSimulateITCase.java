package io.mm.cli.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.cli.Mm;
import io.mm.jobs.record.Recording;
import io.mm.sinks.day.PythonReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * README's offline example, {@code bin/mm record --simulate ... --duration}: the simulator starts in the same process,
 * every symbol is recorded into files Python reads, the run ends cleanly, and {@code bin/mm validate} finds the days
 * clean.
 */
class RecordSimulateITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code bin/mm args...}: its exit status and what it wrote to the error stream. */
    private record Run(int exit, String err) {}

    private static Run mm(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = Mm.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), err.toString());
    }

    /** The names of the files under {@code data} as Python's gzip and csv read them, each with its row count. */
    private static JsonNode readByPython(Path data) throws Exception {
        return JSON.readTree(PythonReader.readAll(data));
    }

    @Test
    void recordSimulateRecordsEverySymbolFromItsOwnSimulatorAndTheDaysValidate(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Run r = mm("record", "--simulate", "--symbol", "binance:BTCUSDT,kraken:BTC/USD,bitfinex:tBTCUSD", "--duration", "30s",
                "--data-dir", data.toString(), "--checkpoint-dir", dir.resolve("checkpoints").toString());
        assertThat(r.exit()).as(r.err()).isZero();

        JsonNode files = readByPython(data);
        List<String> names = new ArrayList<>();
        files.fieldNames().forEachRemaining(names::add);
        for (String symbolDir : List.of("binance/BTCUSDT/", "kraken/BTCUSD/", "bitfinex/BTCUSD/")) {
            assertThat(names).as(symbolDir + " book frames with rows, read by Python")
                    .anyMatch(n -> n.startsWith(symbolDir) && n.contains("orderbook_ws_depth_") && files.get(n).path("rows").asInt() > 0);
            assertThat(names).as(symbolDir + " trades").anyMatch(n -> n.startsWith(symbolDir) && n.contains("trades_ws_"));
        }
        for (Map.Entry<String, JsonNode> f : files.properties()) {
            if (f.getKey().contains("events_")) {
                assertThat(f.getValue().path("rows").asInt()).as(f.getKey()).isPositive();
            }
        }

        StringWriter verdict = new StringWriter();
        CommandLine validate = Mm.commandLine();
        validate.setOut(new PrintWriter(verdict, true));
        assertThat(validate.execute("validate", "--data-dir", data.toString(), "--no-progress")).as(verdict.toString()).isZero();
    }

    @Test
    void aDataDirectoryWithASpaceAndAnAccentKeepsItsSavepointsAndTheNextRunResumes(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("market data").resolve("dä ta");
        for (int run = 0; run < 2; run++) {
            Run r = mm("record", "--simulate", "--symbol", "binance:BTCUSDT", "--duration", "8s", "--data-dir", data.toString());
            assertThat(r.exit()).as(r.err()).isZero();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            assertThat(s.map(dir::relativize).map(Path::toString).filter(n -> n.contains("%"))).as("directories named by URI escapes").isEmpty();
        }
        try (Stream<Path> s = Files.list(data.resolve(".checkpoints").resolve("savepoints"))) {
            assertThat(s.filter(p -> Files.exists(p.resolve("_metadata")))).as("both runs' savepoints where the data is").hasSize(2);
        }
        Path day = data.resolve("binance/BTCUSDT").resolve(dayOf(data.resolve("binance/BTCUSDT")));
        List<String> runs = new ArrayList<>();
        try (CSVParser p = CSVParser.builder().setReader(new java.io.InputStreamReader(new GZIPInputStream(Files.newInputStream(
                day.resolve("events_BTCUSDT_" + day.getFileName() + ".csv.gz"))), StandardCharsets.UTF_8))
                .setFormat(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            for (CSVRecord row : p) {
                if (row.get("type").equals("run_start") || row.get("type").equals("recovery")) {
                    runs.add(row.get("type") + (row.get("recv_seq").equals("0") ? " at 0" : " later"));
                }
            }
        }
        // the second run resumed from the first one's savepoint: no new start, its numbering goes on
        assertThat(runs).containsExactly("run_start at 0", "recovery later");
        StringWriter verdict = new StringWriter();
        CommandLine validate = Mm.commandLine();
        validate.setOut(new PrintWriter(verdict, true));
        // what the stop between the runs lost is a recovery gap (exit 1); every frame replays equal
        assertThat(validate.execute("validate", "--data-dir", data.toString(), "--no-progress")).as(verdict.toString()).isEqualTo(1);
        assertThat(verdict.toString()).contains("gaps {recovery=", "0 with mismatches, 0 unusable");
    }

    @Test
    void aFreshRunIntoADayAlreadyRecordedNumbersOnAndOverwritesNoSnapshot(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        for (String fresh : new String[] {null, "--fresh"}) {
            List<String> args = new ArrayList<>(List.of("record", "--simulate", "--symbol", "binance:BTCUSDT,bitfinex:tBTCUSD", "--duration", "8s",
                    "--data-dir", data.toString()));
            if (fresh != null) {
                args.add(fresh);
            }
            Run r = mm(args.toArray(String[]::new));
            assertThat(r.exit()).as(r.err()).isZero();
        }
        for (String symbolDir : List.of("binance/BTCUSDT", "bitfinex/BTCUSD")) {
            Path day = data.resolve(symbolDir).resolve(dayOf(data.resolve(symbolDir)));
            String fs = data.resolve(symbolDir).getFileName().toString();
            List<CSVRecord> events = csv(day.resolve("events_" + fs + "_" + day.getFileName() + ".csv.gz"));
            List<CSVRecord> starts = events.stream().filter(e -> e.get("type").equals("run_start")).toList();
            assertThat(starts).as(symbolDir + ": two runs").hasSize(2);
            JsonNode second = JSON.readTree(starts.get(1).get("details"));
            long firstRunLastSeq = events.stream().filter(e -> e.getRecordNumber() < starts.get(1).getRecordNumber())
                    .mapToLong(e -> Long.parseLong(e.get("recv_seq"))).max().orElseThrow();
            assertThat(second.path("continues_recv_seq").asLong()).as(symbolDir + ": where the fresh run numbered on from")
                    .isGreaterThanOrEqualTo(firstRunLastSeq).isPositive();
            long lastId = 0;
            for (CSVRecord e : events) {
                assertThat(Long.parseLong(e.get("event_id"))).as(symbolDir + ": event_id increases across both runs").isGreaterThan(lastId);
                lastId = Long.parseLong(e.get("event_id"));
            }
            long lastSeq = 0;
            try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(new GZIPInputStream(Files.newInputStream(
                    day.resolve("diffs").resolve("depth_diffs_" + fs + "_" + day.getFileName() + ".ndjson.gz"))), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    long seq = JSON.readTree(line).get("recv_seq").asLong();
                    assertThat(seq).as(symbolDir + ": diffs' recv_seq increases across both runs").isGreaterThan(lastSeq);
                    lastSeq = seq;
                }
            }
            // each snapshot row has its own file: the fresh run wrote none over the first run's
            long snapshotRows = events.stream().filter(e -> e.get("type").equals("snapshot")).count();
            try (Stream<Path> s = Files.list(day.resolve("snapshots"))) {
                assertThat(s.filter(p -> p.getFileName().toString().endsWith(".json")).count()).as(symbolDir + " snapshot files")
                        .isEqualTo(snapshotRows);
            }
            // the fresh run goes on in the earlier run's last epoch, and its first sync is a resync into the next one
            int lastEpochBefore = events.stream().filter(e -> e.getRecordNumber() < starts.get(1).getRecordNumber())
                    .mapToInt(e -> Integer.parseInt(e.get("epoch"))).max().orElseThrow();
            assertThat(Integer.parseInt(starts.get(1).get("epoch"))).isEqualTo(lastEpochBefore);
            assertThat(events.stream().filter(e -> e.getRecordNumber() > starts.get(1).getRecordNumber())
                    .filter(e -> e.get("type").equals("resync_start")).map(e -> Integer.parseInt(e.get("epoch"))))
                    .as(symbolDir + ": the fresh run's resync").contains(lastEpochBefore + 1);
        }
        // the trades the stop between the runs lost are a gap (Binance's ids are contiguous): from the first run's last
        Path day = data.resolve("binance/BTCUSDT").resolve(dayOf(data.resolve("binance/BTCUSDT")));
        List<CSVRecord> trades = csv(day.resolve("trades_ws_BTCUSDT_" + day.getFileName() + ".csv.gz"));
        List<CSVRecord> gaps = csv(day.resolve("gaps_BTCUSDT_" + day.getFileName() + ".csv.gz"));
        JsonNode secondStart = JSON.readTree(csv(day.resolve("events_BTCUSDT_" + day.getFileName() + ".csv.gz")).stream()
                .filter(e -> e.get("type").equals("run_start")).toList().get(1).get("details"));
        long firstRunLastTrade = trades.stream().filter(t -> Long.parseLong(t.get("recv_seq")) <= secondStart.get("continues_recv_seq").asLong())
                .mapToLong(t -> Long.parseLong(t.get("trade_id"))).max().orElseThrow();
        assertThat(secondStart.get("continues_trade_id").asLong()).isEqualTo(firstRunLastTrade);
        assertThat(gaps).as("the trades lost between the runs").anyMatch(g -> g.get("kind").equals("recovery")
                && g.get("expected").equals(Long.toString(firstRunLastTrade + 1)) && g.get("details").contains("trades"));
        // the replay starts the symbol over where the fresh run did: every frame of both runs replays equal
        StringWriter verdict = new StringWriter();
        CommandLine validate = Mm.commandLine();
        validate.setOut(new PrintWriter(verdict, true));
        assertThat(validate.execute("validate", "--data-dir", data.toString(), "--no-progress")).as(verdict.toString()).isEqualTo(1);
        assertThat(verdict.toString()).contains("BTCUSDT/" + day.getFileName() + ": gaps", "gaps {recovery=1}", "0 with mismatches, 0 unusable");
        // and a reader following docs/output_contract.md rebuilds every frame of both runs
        Recording.assertRebuiltFromTheFilesAlone(data);
    }

    /** The newest day directory of a symbol directory. */
    private static Path dayOf(Path symbolDir) throws Exception {
        try (Stream<Path> s = Files.list(symbolDir)) {
            return s.filter(Files::isDirectory).sorted().reduce((a, b) -> b).orElseThrow().getFileName();
        }
    }

    private static List<CSVRecord> csv(Path gz) throws Exception {
        try (CSVParser p = CSVParser.builder().setReader(new java.io.InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)),
                StandardCharsets.UTF_8)).setFormat(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            return p.getRecords();
        }
    }

    @Test
    void theSimulatorServesTheSymbolsAskedForBeyondItsDefaults(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Run r = mm("record", "--simulate", "--symbol", "binance:DOGEUSDT", "--duration", "10s", "--data-dir", data.toString(),
                "--checkpoint-dir", dir.resolve("checkpoints").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode files = readByPython(data);
        List<String> names = new ArrayList<>();
        files.fieldNames().forEachRemaining(names::add);
        assertThat(names).as("DOGEUSDT book frames with rows").anyMatch(n -> n.startsWith("binance/DOGEUSDT/")
                && n.contains("orderbook_ws_depth_") && files.get(n).path("rows").asInt() > 0);
    }

    @Test
    void aBadSymbolWithSimulateIsRefusedAsWithout(@TempDir Path dir) {
        Run r = mm("record", "--simulate", "--symbol", "binance:../x", "--duration", "5s", "--data-dir", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("mm record: SYMBOL (--symbol) '../x' is not a Binance symbol");
    }
}
