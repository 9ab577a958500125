package io.mm.cli.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.contract.RecorderLock;
import io.mm.jobs.record.Checkpoints;
import io.mm.simulator.junit.SimulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recorders sharing a DATA_DIR (and so its default CHECKPOINT_DIR), as the original's compose runs one per symbol: a
 * second recorder of a symbol being recorded is refused at once naming the first; one of another symbol records beside
 * it from a checkpoint of its own or fresh, never from the other's (which would bring the other's connections back);
 * every day validates without a mismatch.
 */
class RecorderSharingITCase {
    @RegisterExtension
    static final SimulatorExtension SIM = SimulatorExtension.with(b -> b.seed(11).rate(100));

    private static Process mm(Path dir, String name, Path data, String symbols, String duration) throws Exception {
        List<String> args = new ArrayList<>(List.of("record", "--symbol", symbols, "--data-dir", data.toString(), "--skip-symbol-check",
                "--duration", duration));
        return RecorderProcess.start(dir, name, SIM.urls(), Map.of("BUFFER_FLUSH_INTERVAL_SEC", "1"), args);
    }

    private static String finished(Path dir, String name, Process p, int exit) throws Exception {
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(name + " ended").isTrue();
        String out = Files.readString(dir.resolve(name + ".log"));
        assertThat(p.exitValue()).as(out).isEqualTo(exit);
        return out;
    }

    @Test
    void oneRecorderPerSymbolAndEachResumesItsOwnCheckpoint(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Process a = mm(dir, "a", data, "binance:BTCUSDT", "30s");
        String aOut;
        try {
            Path lock = data.resolve("binance/BTCUSDT/" + RecorderLock.FILE);
            long deadline = System.currentTimeMillis() + 90_000;
            while (!(Files.isRegularFile(lock) && Files.readString(lock).contains("pid=" + a.pid() + " ")
                    && Files.isDirectory(data.resolve(".checkpoints")) && !checkpoints(data).isEmpty())) {
                assertThat(a.isAlive()).as(Files.readString(dir.resolve("a.log"))).isTrue();
                assertThat(System.currentTimeMillis()).as("recorder a took its lock and a checkpoint").isLessThan(deadline);
                Thread.sleep(200);
            }
            // the same symbol again: refused before anything starts, naming the recorder that holds it
            String b = finished(dir, "b", mm(dir, "b", data, "binance:ETHUSDT,binance:BTCUSDT", "10s"), 2);
            assertThat(b.strip().lines().reduce((x, y) -> y).orElseThrow()).startsWith("mm record: binance BTCUSDT is being recorded into "
                    + data.toAbsolutePath() + " by another recorder (run=").contains(" pid=" + a.pid() + " ")
                    .endsWith("): stop it first, or record into another DATA_DIR");
            assertThat(data.resolve("binance/ETHUSDT")).as("a refused recorder wrote nothing").satisfies(d ->
                    assertThat(Files.list(d).map(f -> f.getFileName().toString())).containsOnly(RecorderLock.FILE));
            // another symbol beside it: a's running checkpoints are passed over
            String c = finished(dir, "c", mm(dir, "c", data, "binance:ETHUSDT", "8s"), 0);
            assertThat(c).contains("no checkpoint in " + data.resolve(".checkpoints") + " records binance ETHUSDT (the newest, ")
                    .contains("records binance BTCUSDT): starting fresh").doesNotContain("resuming from")
                    .contains("streams=ethusdt@depth@100ms/ethusdt@trade").doesNotContain("btcusdt@");
            aOut = finished(dir, "a", a, 0);
        } finally {
            a.destroyForcibly();
        }
        java.util.regex.Matcher kept = java.util.regex.Pattern.compile("stopped cleanly; state kept in file:(\\S+)").matcher(aOut);
        assertThat(kept.find()).as(aOut).isTrue();
        String aSavepoint = kept.group(1);
        // each resumes its own: ETHUSDT from c's savepoint, BTCUSDT from a's, passing over the newer ETHUSDT one
        String e = finished(dir, "e", mm(dir, "e", data, "binance:ETHUSDT", "6s"), 0);
        assertThat(e).contains("resuming from " + data.resolve(".checkpoints/savepoints")).doesNotContain("resuming from " + aSavepoint);
        String d = finished(dir, "d", mm(dir, "d", data, "binance:BTCUSDT", "6s"), 0);
        assertThat(d).contains("resuming from " + aSavepoint + " ");
        // every run stopped cleanly: their savepoints are all that is left of the checkpoints
        try (java.util.stream.Stream<Path> left = Files.list(data.resolve(".checkpoints"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("savepoints");
        }
        assertThat(checkpoints(data)).hasSize(4);

        Process v = RecorderProcess.start(dir, "validate", null, Map.of(), List.of("validate", "--data-dir", data.toString(), "--no-progress"));
        String out = finished(dir, "validate", v, 1); // the gaps between runs
        assertThat(out).contains("2 day(s): 0 clean, 2 with gaps, 0 with mismatches, 0 unusable");
    }

    /** The completed checkpoints and savepoints under data/.checkpoints, the newest first. */
    private static List<Path> checkpoints(Path data) throws Exception {
        return Checkpoints.newestFirst(data.resolve(".checkpoints"));
    }
}
