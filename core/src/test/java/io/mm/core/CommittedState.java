package io.mm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Serialized state as a build wrote it into checkpoints and savepoints, committed under {@code src/test/resources}: every
 * later build must read it (Flink's own serializer-upgrade tests keep a snapshot and data per Flink version the same
 * way). Each format version has its file, never changed once committed. A test compares what the current format writes
 * with its file, so a layout change without a new version fails; {@code -Dmm.state.write=true} writes a missing file
 * from this build (it never replaces one), to be committed with the format it records.
 */
public final class CommittedState {
    private CommittedState() {}

    /** The committed bytes of {@code resource} (a class-path name such as {@code state/book-state/format-1.bin}). */
    public static byte[] read(String resource) {
        try (InputStream in = CommittedState.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("no committed state " + resource + " on the test class path (src/test/resources/" + resource + ")");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that this build writes exactly the committed {@code resource}; writes it when missing and asked to. */
    public static void assertWrites(String resource, byte[] written) {
        Path file = Paths.get("src", "test", "resources").resolve(resource);
        if (CommittedState.class.getClassLoader().getResource(resource) == null) {
            if (!Boolean.getBoolean("mm.state.write")) {
                fail("no committed state " + resource + " for the format this build writes: run this test with -Dmm.state.write=true "
                        + "to write " + file + " from this build, and commit it");
            }
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, written);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        assertThat(written).as("this build writes other bytes than the committed " + resource + ": a layout change needs a new "
                + "format version, and the committed one must still be read").isEqualTo(read(resource));
    }
}
