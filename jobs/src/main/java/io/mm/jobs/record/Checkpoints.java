package io.mm.jobs.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the newest completed checkpoint (or savepoint) under the checkpoint directory: a directory with a
 * {@code _metadata} file, which Flink writes last, so an unfinished checkpoint is never picked.
 */
public final class Checkpoints {
    private Checkpoints() {}

    /**
     * A local directory as Flink reads a path string: {@code file://} and the path as it is. Flink escapes the
     * string itself, so a URI's escapes ({@code %20} for a space) would name another directory.
     */
    public static String flinkPath(Path dir) {
        return "file://" + dir.toAbsolutePath().normalize();
    }

    public static Optional<Path> newest(Path checkpointDir) throws IOException {
        if (!Files.isDirectory(checkpointDir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.walk(checkpointDir, 3)) {
            return s.filter(p -> p.getFileName().toString().equals("_metadata") && Files.isRegularFile(p))
                    .max(Comparator.comparingLong(Checkpoints::modified))
                    .map(Path::getParent);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }
}
