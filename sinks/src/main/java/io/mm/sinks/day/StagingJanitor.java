package io.mm.sinks.day;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes staged files a crash orphaned: a staging file lives for one checkpoint interval and its commit in
 * normal operation, so one older than the orphan age was staged by an attempt whose checkpoint never
 * completed, and nothing will ever commit it.
 */
final class StagingJanitor {
    private static final Logger LOG = LoggerFactory.getLogger(StagingJanitor.class);

    private StagingJanitor() {}

    /** A sealed staging file, one still being written ({@code .part}) or a failure note ({@code .failed}, {@code .failed.part}). */
    private static boolean isStaging(String name) {
        return name.endsWith(".stage") || name.endsWith(".stage.part") || name.endsWith(".stage.failed") || name.endsWith(".stage.failed.part");
    }

    /** Deletes orphaned staging files under {@code dataDir/.staging}; returns how many. */
    static int sweep(Path dataDir, long orphanAgeMillis, long nowMillis) {
        Path root = dataDir.resolve(".staging");
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> files = Files.walk(root, 2)) {
            List<Path> stale = files.filter(p -> isStaging(p.getFileName().toString())).filter(p -> {
                try {
                    return nowMillis - Files.getLastModifiedTime(p).toMillis() > orphanAgeMillis;
                } catch (IOException e) {
                    return false; // gone meanwhile
                }
            }).toList();
            for (Path p : stale) {
                if (Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            LOG.warn("could not sweep orphaned staging files under {}: {}", root, e.toString());
        }
        if (removed > 0) {
            LOG.info("removed {} orphaned staging file(s) under {}", removed, root);
        }
        return removed;
    }
}
