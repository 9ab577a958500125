package io.mm.bench;

import io.mm.core.contract.ContractFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * What a run committed, read back from disk: per kind of day file, how many files, their rows and their gzip
 * bytes. Every file is decompressed to the end (so a torn or corrupt member fails the count rather than being
 * measured), and a CSV file must open with the contract's header, once.
 */
final class DayFileCensus {
    private DayFileCensus() {}

    /** One kind's totals; {@code rows} excludes CSV headers. */
    record Kind(long files, long rows, long bytes) {
        double bytesPerRow() {
            return rows == 0 ? Double.NaN : bytes / (double) rows;
        }

        Kind plus(long rows, long bytes) {
            return new Kind(files + 1, this.rows + rows, this.bytes + bytes);
        }
    }

    /** Every committed day file under {@code data} (staging and bookkeeping, in dot-directories and dot-files, left out). */
    static Map<ContractFile, Kind> count(Path data, int depthLevels) throws IOException {
        Map<ContractFile, Kind> kinds = new EnumMap<>(ContractFile.class);
        for (Path p : dayFiles(data)) {
            ContractFile kind = ContractFile.ofFileName(p.getFileName().toString());
            long rows = rows(p, kind.isCsv() ? kind.headerLine(depthLevels) : null);
            kinds.merge(kind, new Kind(1, rows, Files.size(p)), (a, b) -> a.plus(b.rows(), b.bytes()));
        }
        return kinds;
    }

    /**
     * The committed gzip day files under {@code data}, in path order. Dot-directories are not entered at all:
     * Flink may still be deleting old checkpoints under {@code .checkpoints} while this walks.
     */
    static List<Path> dayFiles(Path data) throws IOException {
        List<Path> out = new ArrayList<>();
        Files.walkFileTree(data, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(data) && dir.getFileName().toString().startsWith(".") ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && name.endsWith(".gz") && ContractFile.ofFileName(name) != null) {
                    out.add(p);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        out.sort(null);
        return out;
    }

    /** Gap rows of every committed gaps file, by kind, each with one example's details. */
    static Map<String, GapKind> gapRows(Path data) throws IOException {
        Map<String, GapKind> out = new java.util.TreeMap<>();
        for (Path p : dayFiles(data)) {
            if (ContractFile.ofFileName(p.getFileName().toString()) != ContractFile.GAPS) {
                continue;
            }
            try (java.io.Reader r = new InputStreamReader(new GZIPInputStream(Files.newInputStream(p)), StandardCharsets.UTF_8)) {
                for (org.apache.commons.csv.CSVRecord g : org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader()
                        .setSkipHeaderRecord(true).get().parse(r)) {
                    String where = data.relativize(p).getParent() + " recv_seq " + g.get("recv_seq") + ": " + clip(g.get("details"));
                    out.merge(g.get("kind"), new GapKind(1, where), (a, b) -> new GapKind(a.rows() + 1, a.example()));
                }
            }
        }
        return out;
    }

    /** How many gap rows of one kind, and the first one seen. */
    record GapKind(long rows, String example) {}

    /** Lines after the header; {@code header} (with its newline) must be the first line when given, and only there. */
    private static long rows(Path p, String header) throws IOException {
        String expected = header == null ? null : header.substring(0, header.length() - 1);
        long rows = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(p), 1 << 16),
                StandardCharsets.UTF_8), 1 << 16)) {
            String line = r.readLine();
            if (expected != null && !expected.equals(line)) {
                throw new IOException(p + ": the first line is not the contract's header: " + clip(line));
            }
            if (expected == null && line != null) {
                rows++;
            }
            while ((line = r.readLine()) != null) {
                if (expected != null && expected.equals(line)) {
                    throw new IOException(p + ": the header again at row " + (rows + 1));
                }
                rows++;
            }
        }
        return rows;
    }

    private static String clip(String s) {
        return s == null ? "(empty file)" : s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
