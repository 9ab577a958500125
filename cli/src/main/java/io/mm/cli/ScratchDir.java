package io.mm.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.io.file.PathUtils;

/**
 * A directory of this process's own under the system's temporary directory, {@code mm-<pid>}, for the temporary files
 * of the JVM and of the local Flink clusters bin/mm runs (Flink copies its RPC system, a 20 MB jar, into the
 * temporary directory each time and does not always remove it). It is removed when the process ends; one left by a
 * process that was killed is removed by the next bin/mm, once no process has its pid.
 */
final class ScratchDir {
    private static final Pattern NAME = Pattern.compile("mm-(\\d+)");

    private ScratchDir() {}

    /** Creates this process's directory under {@code base}, removing those of processes that are gone. */
    static Path open(Path base) throws IOException {
        removeStale(base);
        Path dir = base.resolve("mm-" + ProcessHandle.current().pid());
        delete(dir); // a leftover of an earlier process with this pid
        Files.createDirectories(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "mm-scratch-cleanup"));
        return dir;
    }

    static void removeStale(Path base) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(base, "mm-*")) {
            for (Path p : s) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && Files.isDirectory(p) && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    delete(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable temporary directory: nothing of ours to remove there
        }
    }

    /** Removes {@code dir} and what it holds, as far as this user may. */
    static void delete(Path dir) {
        try {
            if (Files.exists(dir)) {
                PathUtils.deleteDirectory(dir);
            }
        } catch (IOException e) {
            // another user's, or a file being written as the process ends: left for the system's own clean-up
        }
    }
}
