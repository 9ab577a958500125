package io.mm.cli.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/mm record --simulate} refuses a bad setting as {@code bin/mm record} does, before it starts the simulator. */
class RecordSimulateSettingsTest {
    private static List<String> refused(Path dir, Map<String, String> env, String... args) throws Exception {
        Process p = RecorderProcess.start(dir, "record", null, env, List.of(args));
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(dir.resolve("record.log"));
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void aSymbolOutsideTheExchangesGrammarIsOneLineAndNoSimulator(@TempDir Path dir) throws Exception {
        assertThat(refused(dir, Map.of("DATA_DIR", dir.resolve("data").toString()), "record", "--simulate", "--symbol", "binance:../x"))
                .containsExactly("mm record: SYMBOL (--symbol) '../x' is not a Binance symbol (letters and digits, no '/', e.g. BTCUSDT)");
    }

    @Test
    void aBadNumberIsOneLineAndNoSimulator(@TempDir Path dir) throws Exception {
        assertThat(refused(dir, Map.of("DATA_DIR", dir.resolve("data").toString(), "HEARTBEAT_SEC", "abc"), "record", "--simulate", "--symbol",
                "binance:BTCUSDT", "--duration", "5s"))
                .containsExactly("mm record: HEARTBEAT_SEC (--heartbeat-sec) 'abc' is not an integer");
    }
}
