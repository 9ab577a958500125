package io.mm.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** convert-capture's bad input: one line naming the file and what is wrong with it, exit 2, no capture written. */
class CaptureCommandTest {
    @TempDir
    Path dir;

    private String run(int expectedCode, String... args) {
        StringWriter err = new StringWriter();
        int rc = new CommandLine(new CaptureCommand()).setErr(new PrintWriter(err, true)).setOut(new PrintWriter(new StringWriter(), true))
                .execute(args);
        assertThat(rc).as(err.toString()).isEqualTo(expectedCode);
        return err.toString().strip();
    }

    @Test
    void aMissingInputOrAnUnwritableOutputIsNamedWithWhy() throws Exception {
        Path out = dir.resolve("capture.ndjson");
        Path missing = dir.resolve("no-such-log.txt");
        assertThat(run(2, "--out", out.toString(), "--binance-ws", missing.toString()))
                .isEqualTo("mm simulator convert-capture: " + missing + ": no such file or directory");
        assertThat(out).doesNotExist();

        Path frames = dir.resolve("frames.txt");
        Files.writeString(frames, "{\"event\":\"info\",\"version\":2}\n");
        Path blocked = dir.resolve("a-file");
        Files.writeString(blocked, "x");
        String said = run(2, "--out", blocked.resolve("capture.ndjson").toString(), "--bitfinex-frames", frames.toString());
        assertThat(said).startsWith("mm simulator convert-capture: " + blocked.resolve("capture.ndjson") + ": ");

        Files.writeString(frames, "not a url line\n");
        assertThat(run(2, "--out", out.toString(), "--binance-ws", frames.toString()))
                .isEqualTo("mm simulator convert-capture: " + frames + ":1: expected '<url> <-> <time>' naming the stream URL");
    }
}
