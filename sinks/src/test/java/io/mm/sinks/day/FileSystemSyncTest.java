package io.mm.sinks.day;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real syncfs(2) through JNA, on the machine's own file system. */
class FileSystemSyncTest {
    @TempDir
    Path dir;

    @Test
    void syncsTheFileSystemOfADirectoryUntilClosed() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "syncfs(2) is Linux only");
        Files.writeString(dir.resolve("f"), "x");
        FileSystemSync s = FileSystemSync.syncfs(dir);
        assertThat(s).isNotNull();
        s.sync();
        s.sync();
        s.close();
        s.close(); // twice is harmless
        assertThatThrownBy(s::sync).isInstanceOf(IOException.class).hasMessageContaining("after close").hasMessageContaining(dir.toString());
    }

    @Test
    void aDirectoryThatIsNotThereIsNamed() {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "syncfs(2) is Linux only");
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> FileSystemSync.syncfs(missing)).isInstanceOf(IOException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("errno 2");
    }
}
