package io.mm.validator;

import io.mm.core.contract.ContractFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a day directory holds besides what the replay reads: every file must be one of this symbol's and day's
 * contract files (another symbol's or exchange's file copied in would otherwise be ignored). Hidden files are
 * bookkeeping and left alone; the trades files are read to their end by {@link TradesAudit}, the others by the replay.
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
}
