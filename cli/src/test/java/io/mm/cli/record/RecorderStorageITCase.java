package io.mm.cli.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.cli.Mm;
import io.mm.simulator.junit.SimulatorExtension;
import io.mm.sinks.day.PythonReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A disk the recorder cannot use: refused before the job starts with one line (exit 2); filling up or turning
 * read-only while it records: one console line per failed attempt, restarts within RESTART_ATTEMPTS, then exit 1
 * with a last line saying why, and what was committed stays readable. Never a live process that records nothing.
 */
class RecorderStorageITCase {
    @RegisterExtension
    static final SimulatorExtension SIM = SimulatorExtension.with(b -> b.seed(5).rate(200));

    private static int record(Path dir, StringWriter err, String... extra) {
        CommandLine cl = Mm.commandLine();
        cl.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("record", "--symbol", "binance:BTCUSDT", "--skip-symbol-check"));
        args.addAll(Arrays.asList(extra));
        return cl.execute(args.toArray(String[]::new));
    }

    @Test
    void unusableDirectoriesAreRefusedBeforeTheJobStarts(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        StringWriter err = new StringWriter();
        assertThat(record(dir, err, "--data-dir", file.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("mm record: DATA_DIR (--data-dir) " + file + " is a file, not a directory" + System.lineSeparator());

        err = new StringWriter();
        assertThat(record(dir, err, "--data-dir", file.resolve("data").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("DATA_DIR (--data-dir) " + file.resolve("data") + " cannot be created: " + file + " is a file")
                .hasLineCount(1);

        err = new StringWriter();
        assertThat(record(dir, err, "--data-dir", dir.resolve("data").toString(), "--checkpoint-dir", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("CHECKPOINT_DIR (--checkpoint-dir) " + file + " is a file, not a directory").hasLineCount(1);
    }

    @Test
    void aFullDiskEndsTheRecordingAfterItsRestartsWithALastLineThatSaysWhy(@TempDir Path dir) throws Exception {
        try (Tmpfs disk = Tmpfs.mount(dir.resolve("disk"), "1m")) {
            Path data = disk.dir.resolve("data");
            String out = runUntilItGivesUp(dir, "full", data, null);
            assertThat(lastLine(out)).as(out).startsWith("mm record: gave up after 2 restarts (RESTART_ATTEMPTS): ")
                    .contains("No space left on device").contains(data.toString());
            assertOneLinePerFailedAttempt(out, "No space left on device");
            // what was committed before the disk filled is still a valid gzip that Python reads
            assertThat(PythonReader.readAll(data)).contains("orderbook_ws_depth_BTCUSDT");

            // and a read-only disk is refused before the job starts
            disk.readOnly();
            StringWriter err = new StringWriter();
            assertThat(record(dir, err, "--data-dir", data.toString(), "--checkpoint-dir", dir.resolve("ck2").toString())).isEqualTo(2);
            assertThat(err.toString()).startsWith("mm record: DATA_DIR (--data-dir) " + data).contains("Read-only file system").hasLineCount(1);
        }
    }

    @Test
    void aDiskThatTurnsReadOnlyWhileRecordingEndsTheRecordingAfterItsRestarts(@TempDir Path dir) throws Exception {
        try (Tmpfs disk = Tmpfs.mount(dir.resolve("disk"), "64m")) {
            Path data = disk.dir.resolve("data");
            String out = runUntilItGivesUp(dir, "readonly", data, disk);
            assertThat(lastLine(out)).as(out).startsWith("mm record: gave up after 2 restarts (RESTART_ATTEMPTS): ")
                    .contains("Read-only file system");
            assertOneLinePerFailedAttempt(out, "Read-only file system");
            disk.writable();
            assertThat(PythonReader.readAll(data)).contains("orderbook_ws_depth_BTCUSDT");
        }
    }

    /** Runs mm record with RESTART_ATTEMPTS=2 until it exits (1); turns {@code roDisk} read-only once rows are committed. */
    private static String runUntilItGivesUp(Path dir, String name, Path data, Tmpfs roDisk) throws Exception {
        Process p = RecorderProcess.start(dir, name, SIM.urls(), Map.of("RESTART_ATTEMPTS", "2", "BUFFER_FLUSH_INTERVAL_SEC", "1"),
                List.of("record", "--symbol", "binance:BTCUSDT,binance:ETHUSDT", "--data-dir", data.toString(), "--checkpoint-dir",
                        dir.resolve(name + "-checkpoints").toString(), "--skip-symbol-check"));
        Path log = dir.resolve(name + ".log");
        try {
            if (roDisk != null) {
                long deadline = System.currentTimeMillis() + 120_000;
                while (!hasFrames(data)) {
                    assertThat(p.isAlive()).as("mm record ended early:\n" + Files.readString(log)).isTrue();
                    assertThat(System.currentTimeMillis()).as("book rows committed within 120 s").isLessThan(deadline);
                    Thread.sleep(300);
                }
                roDisk.readOnly();
            }
            assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("mm record gave up within 240 s:\n" + Files.readString(log)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isEqualTo(1);
        return out;
    }

    /** Whether both symbols have book rows committed (the read-only check then finds BTCUSDT's, whichever synced first). */
    private static boolean hasFrames(Path data) {
        try (Stream<Path> s = Files.walk(data)) {
            return s.filter(f -> f.getFileName().toString().startsWith("orderbook_ws_depth_") && f.toFile().length() > 200)
                    .map(f -> f.getFileName().toString().startsWith("orderbook_ws_depth_BTCUSDT") ? "BTCUSDT" : "other")
                    .distinct().count() == 2;
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    private static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    /**
     * Each failed task is one console line naming the cause, and no stack trace reaches the console: the three
     * attempts fail one to four tasks each (the writers and committers of parallelism 2, as the failure reaches them).
     */
    private static void assertOneLinePerFailedAttempt(String out, String cause) {
        List<String> failed = out.lines().filter(l -> l.contains("to FAILED with failure cause")).toList();
        assertThat(failed).as(out).hasSizeBetween(3, 12).allSatisfy(l -> assertThat(l).contains(cause));
        assertThat(out.lines().filter(l -> l.startsWith("\tat ") || l.startsWith("Caused by:"))).as(out).isEmpty();
    }
}
