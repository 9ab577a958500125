package io.mm.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The shared, read-only exchange test data beside the project ({@code ../shared/testdata}). */
public final class TestData {
    private TestData() {}

    public static Path dir() {
        String p = System.getProperty("mm.testdata.dir");
        Path d = p != null ? Paths.get(p) : Paths.get("..", "..", "shared", "testdata");
        if (!Files.isDirectory(d)) {
            d = Paths.get("..", "shared", "testdata");
        }
        if (!Files.isDirectory(d)) {
            throw new IllegalStateException("test data not found at " + d.toAbsolutePath() + " (set -Dmm.testdata.dir)");
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
