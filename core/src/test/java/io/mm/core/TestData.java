package io.mm.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared, read-only exchange test data beside the project ({@code ../shared/testdata}, or
 * {@code -Dmm.testdata.dir}). A clone without it still builds: a test that needs it is skipped with one line saying
 * what is missing, and with {@code CI=true} it fails instead, so those tests are never lost without a trace.
 */
public final class TestData {
    private TestData() {}

    public static Path dir() {
        String p = System.getProperty("mm.testdata.dir");
        Path d = p != null ? Paths.get(p) : Paths.get("..", "..", "shared", "testdata");
        if (!Files.isDirectory(d) && p == null) {
            d = Paths.get("..", "shared", "testdata");
        }
        if (!Files.isDirectory(d)) {
            String why = "the shared exchange test data is missing: no directory " + d.toAbsolutePath().normalize()
                    + " (../shared/testdata beside the project, or -Dmm.testdata.dir)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why);
            }
            Assumptions.abort("skipped: " + why);
        }
        return d;
    }

    public static Path path(String relative) {
        return dir().resolve(relative);
    }

    public static String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
