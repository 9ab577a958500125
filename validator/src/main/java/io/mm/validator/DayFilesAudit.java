package io.mm.validator;

import io.mm.core.contract.ContractFile;
import io.mm.core.contract.StrictGzipInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a day directory holds besides what the replay reads: every file must be one of this symbol's and day's
 * contract files (another symbol's or exchange's file copied in would otherwise be ignored), and every gzip file
 * must read to its end as Python's {@code gzip} reads it. Hidden files are bookkeeping and left alone.
 */
final class DayFilesAudit {
    private static final Pattern SNAPSHOT = Pattern.compile("snapshot_\\d+_(" + String.join("|", java.util.Arrays.stream(
            io.mm.core.ledger.SnapshotTag.values()).map(io.mm.core.ledger.SnapshotTag::csvName).toList()) + ")\\.(csv|json)");
    private static final Pattern LIVE = Pattern.compile("live_(depth_diffs|trades)(\\.\\d{8}T\\d{6}(\\.\\d{3})?Z)?\\.ndjson");

    private DayFilesAudit() {}

    /** Problems, each naming its file (relative to the day directory). */
    static List<String> audit(Path dir, String symbolFs, String day) throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> contract = new ArrayList<>();
        for (ContractFile f : ContractFile.values()) {
            contract.add(f.relativePath(symbolFs, day));
        }
        walk(dir, dir, contract, problems);
        // the replay reads the ledger, the diffs, the frames and the gaps; the trades files are read here
        for (ContractFile f : List.of(ContractFile.TRADES, ContractFile.TRADES_RAW)) {
            Path p = dir.resolve(f.relativePath(symbolFs, day));
            if (Files.exists(p)) {
                String problem = readsToTheEnd(p, f, dir.relativize(p).toString());
                if (problem != null) {
                    problems.add(problem);
                }
            }
        }
        return problems;
    }

    private static void walk(Path root, Path dir, List<String> contract, List<String> problems) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (Files.isDirectory(p)) {
                    if (dir.equals(root) && (name.equals("snapshots") || name.equals("diffs") || name.equals("trades") || name.equals("live"))) {
                        walk(root, p, contract, problems);
                    } else {
                        problems.add(rel + ": a directory the contract does not have");
                    }
                    continue;
                }
                boolean ours = contract.contains(rel)
                        || rel.startsWith("snapshots/") && SNAPSHOT.matcher(name).matches()
                        || rel.startsWith("live/") && LIVE.matcher(name).matches();
                if (!ours) {
                    problems.add(rel + ": not a file of this day's recording (another symbol's, exchange's or day's?)");
                }
            }
        }
    }

    /** Null when the file decompresses to its end (and a CSV starts with its header), else what is wrong. */
    private static String readsToTheEnd(Path p, ContractFile kind, String rel) {
        try (InputStream in = new StrictGzipInputStream(Files.newInputStream(p), rel);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            String first = r.readLine();
            if (kind.isCsv()) {
                if (first == null) {
                    return rel + ": empty file (no header row)";
                }
                String problem = ContractFile.headerProblem(Arrays.asList(first.split(",", -1)), kind.columns(0));
                if (problem != null) {
                    return rel + ": header: " + problem;
                }
            }
            char[] sink = new char[1 << 16];
            while (r.read(sink) >= 0) {
                // to the end: a torn or trailing member shows only there
            }
            return null;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().startsWith(rel) ? e.getMessage() : rel + ": " + e.getMessage();
        }
    }
}
