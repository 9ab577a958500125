package io.mm.cli.record;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs for disk faults (full, read-only) that the recorder meets for real. Mounting needs root (as in CI):
 * elsewhere the test is skipped with a line saying so, and with {@code CI=true} it fails instead.
 */
final class Tmpfs implements AutoCloseable {
    final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    static Tmpfs mount(Path dir, String size) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String out = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
        if (out != null) {
            String why = "cannot mount a tmpfs for the disk-fault test (needs root): " + out.trim();
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            assumeTrue(false, why);
        }
        return new Tmpfs(dir);
    }

    /**
     * Makes the directory read-only for every new open, as a disk that failed is: an empty read-only tmpfs mounted
     * over it (Linux refuses to remount a file system read-only while files are open for writing, and the
     * recorder always has some). Files already open keep writing underneath; {@link #writable()} uncovers them.
     */
    void readOnly() throws IOException, InterruptedException {
        String out = run("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", dir.toString());
        if (out != null) {
            throw new IOException("mounting a read-only tmpfs over " + dir + " failed: " + out);
        }
    }

    /** Removes what {@link #readOnly()} put over the directory. */
    void writable() throws IOException, InterruptedException {
        String out = run("umount", dir.toString());
        if (out != null) {
            throw new IOException("unmounting the read-only tmpfs over " + dir + " failed: " + out);
        }
    }

    /** Null on success, else what the command said. */
    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : out + " (exit " + p.exitValue() + ")";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        while (run("umount", "-l", dir.toString()) == null) {
            // a read-only tmpfs may still be stacked on top
        }
    }
}
