package io.mm.cli.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/** Where a check keeps its configuration, logs, data and checkpoints; deleted after a pass unless kept. */
final class WorkDirOptions {
    @Option(names = "--work-dir", paramLabel = "DIR", description = "configuration, logs, data and checkpoints (default: a new /tmp/mm-check-*)")
    Path work;

    @Option(names = "--keep", description = "keep the work directory after a successful check")
    boolean keep;

    /** The work directory, created when none was given. */
    Path open() throws IOException {
        work = work != null ? work.toAbsolutePath() : Files.createTempDirectory("mm-check-");
        return work;
    }

    /**
     * Prints each failure and the verdict, and deletes the work directory after a pass (unless {@code --keep}); a
     * failure keeps it for its logs. Returns the check's exit status: 0 passed, 1 failed.
     */
    int verdict(java.io.PrintWriter out, java.util.List<String> failures, String passed) throws IOException {
        for (String f : failures) {
            out.println("FAIL: " + f);
        }
        out.println(failures.isEmpty() ? "OK: " + passed : "FAILED (" + work + ")");
        out.flush();
        if (!failures.isEmpty() || keep) {
            return failures.isEmpty() ? 0 : 1;
        }
        try (Stream<Path> s = Files.walk(work)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
        return 0;
    }
}
