package io.mm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What a command does not catch: a user's error is one line and exit 2, a program's fault keeps its trace. */
class MmUserErrorTest {
    private final StringWriter err = new StringWriter();

    private CommandLine command(String... path) {
        CommandLine cl = Mm.commandLine();
        cl.setErr(new PrintWriter(err, true));
        for (String p : path) {
            cl = cl.getSubcommands().get(p);
        }
        return cl;
    }

    @Test
    void aFileThatIsNotThereIsNamedWithTheCommand() throws Exception {
        assertThat(Mm.userError(new NoSuchFileException("/data/x.csv.gz"), command("bench", "sink"), null)).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("mm bench sink: /data/x.csv.gz: no such file or directory");
    }

    @Test
    void aBadValueIsItsMessage() throws Exception {
        assertThat(Mm.userError(new IllegalArgumentException("--out /x is not empty"), command("bench", "sink"), null)).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("mm bench sink: --out /x is not empty");
    }

    @Test
    void anythingElseIsRethrownForItsTrace() {
        IllegalStateException bug = new IllegalStateException("a fault of the program");
        assertThatThrownBy(() -> Mm.userError(bug, command("validate"), null)).isSameAs(bug);
        assertThat(err.toString()).isEmpty();
    }
}
