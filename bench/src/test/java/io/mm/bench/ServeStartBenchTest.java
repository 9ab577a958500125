package io.mm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bin/mm bench serve} over a small recorded DATA_DIR reports its figures; a directory that is none is refused. */
class ServeStartBenchTest {
    @Test
    void reportsTheStartOverARecordedDataDir(@TempDir Path data) throws Exception {
        for (String symbol : new String[] {"BTCUSDT", "ETHUSDT"}) {
            Path live = data.resolve("binance/" + symbol + "/20240101/live");
            Files.createDirectories(live);
            StringBuilder lines = new StringBuilder();
            for (int seq = 1; seq <= 20; seq++) {
                lines.append("{\"recv_seq\":").append(seq).append(",\"recv_ts_us\":1704067200000000,\"exchange\":\"binance\",\"symbol\":\"")
                        .append(symbol).append("\",\"E\":1,\"U\":").append(seq).append(",\"u\":").append(seq)
                        .append(",\"b\":[[\"100.0\",\"1.0\"]],\"a\":[],\"checksum\":null,\"attempt\":0,\"raw\":{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"")
                        .append(symbol).append("\",\"U\":").append(seq).append(",\"u\":").append(seq).append(",\"b\":[[\"100.0\",\"1.0\"]],\"a\":[]}}\n");
            }
            Files.writeString(live.resolve("live_depth_diffs.ndjson"), lines);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream was = System.out;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = new CommandLine(new ServeStartBench()).execute("--data-dir", data.toString(), "--timeout-s", "60");
        } finally {
            System.setOut(was);
        }
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(report).isZero();
        assertThat(report).contains("2 symbols under " + data, "first /health answer:", "slowest /health request:", "every book rebuilt:",
                "memory:");
    }

    @Test
    void refusesADataDirThatIsNone(@TempDir Path dir) {
        assertThat(new CommandLine(new ServeStartBench()).execute("--data-dir", dir.resolve("absent").toString())).isEqualTo(2);
    }
}
