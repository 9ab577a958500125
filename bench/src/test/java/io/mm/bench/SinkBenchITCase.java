package io.mm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.contract.ContractFile;
import io.mm.core.contract.CsvRows;
import io.mm.core.contract.FileRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bin/mm bench sink} for a few seconds at parallelism 2 with few symbols: what a reader of its figures
 * relies on. The committed files are read back here independently of the benchmark's own count.
 */
class SinkBenchITCase {
    private static final int SYMBOLS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyGeneratedRowIsCommittedOnceInValidDayFilesAndTheReportSaysSo() throws Exception {
        SinkBench bench = new SinkBench();
        // two generator and two sink subtasks: symbols of both generators meet on each sink subtask after the keyBy
        new CommandLine(bench).parseArgs("--symbols", Integer.toString(SYMBOLS), "--parallelism", "2", "--warmup", "2", "--seconds", "3",
                "--checkpoint-interval", "1", "--rate", "20000", "--no-fsync", "--out", dir.toString());
        SinkBench.Result r = bench.measure();

        Path data = dir.resolve("data");
        Map<ContractFile, Long> rowsInFiles = new EnumMap<>(ContractFile.class);
        Map<String, Set<ContractFile>> kindsBySymbol = new java.util.TreeMap<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(data)) {
            s.filter(Files::isRegularFile).filter(p -> !data.relativize(p).toString().startsWith(".")).forEach(files::add);
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.startsWith(".")) {
                continue; // the day directory's commit log
            }
            ContractFile kind = ContractFile.ofFileName(name);
            assertThat(kind).as("%s is a day file of the contract", f).isNotNull();
            kindsBySymbol.computeIfAbsent(data.relativize(f).getName(1).toString(), k -> new HashSet<>()).add(kind);
            List<Long> seqs = recvSeqs(f, kind);
            assertThat(seqs).as("recv_seq of %s: no duplicates, in order", f).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
            rowsInFiles.merge(kind, (long) seqs.size(), Long::sum);
        }
        assertThat(kindsBySymbol).as("every symbol has all five day files").hasSize(SYMBOLS)
                .allSatisfy((sym, kinds) -> assertThat(kinds).containsExactlyInAnyOrder(SinkBenchRows.KINDS));
        try (Stream<Path> s = Files.walk(data)) {
            assertThat(s.filter(p -> p.toString().endsWith(".stage")).toList()).as("staged data left behind").isEmpty();
        }

        for (ContractFile k : SinkBenchRows.KINDS) {
            assertThat(rowsInFiles.get(k)).as("%s rows the files hold", k).isPositive()
                    .as("%s: rows generated = rows in the files", k).isEqualTo(r.generated().get(k))
                    .as("%s: rows the report counted = rows in the files", k).isEqualTo(r.committed().get(k).rows());
            assertThat(r.windowRows().get(k)).as("%s rows in the measured window", k).isPositive();
        }
        assertThat(r.mismatches()).isEmpty();
        assertThat(r.sinkRows()).as("the sink's writer saw rows in the window").isPositive();
        assertThat(r.stagedBytes()).isPositive();
        assertThat(r.checkpoints()).as("checkpoints every second over 3 s").isNotEmpty();
    }

    @Test
    void everyFileOfASymbolHasOneOwnerAndSymbolsSpreadOverOwners() {
        Set<String> owners = new HashSet<>();
        for (String day : List.of("20261129", "20261130")) {
            for (ContractFile k : ContractFile.values()) {
                owners.add(SinkBench.owner(new FileRecord("binance/S0001USDT/" + day + "/" + k.relativePath("S0001USDT", day),
                        FileRecord.APPEND, new byte[0])));
            }
        }
        assertThat(owners).containsExactly("binance/S0001USDT");
        assertThat(SinkBench.owner(new FileRecord("binance/S0002USDT/20261129/events_S0002USDT_20261129.csv.gz", FileRecord.APPEND,
                new byte[0]))).isNotIn(owners);
    }

    /** Decompresses the whole file (every member's CRC checked) and returns each row's recv_seq. */
    private static List<Long> recvSeqs(Path f, ContractFile kind) throws IOException {
        byte[] raw = Files.readAllBytes(f);
        assertThat(raw.length).as("%s is not empty", f).isGreaterThan(2);
        assertThat(new byte[] {raw[0], raw[1]}).as("%s starts with the gzip magic", f).containsExactly(0x1f, 0x8b);
        String text;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Long> seqs = new ArrayList<>();
        if (kind.isCsv()) {
            String header = kind.headerLine(20);
            assertThat(text).as("%s opens with the contract's header", f).startsWith(header);
            List<CSVRecord> rows = CsvRows.parse(text);
            for (CSVRecord row : rows) {
                assertThat(row.size()).as("%s row %d has the header's columns", f, row.getRecordNumber()).isEqualTo(kind.columns(20).size());
                seqs.add(Long.parseLong(row.get("recv_seq")));
            }
        } else {
            for (String line : text.split("\n")) {
                seqs.add(JSON.readTree(line).get("recv_seq").asLong());
            }
        }
        return seqs;
    }
}
