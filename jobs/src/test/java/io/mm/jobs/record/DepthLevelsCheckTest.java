package io.mm.jobs.record;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.config.SettingsReader;
import io.mm.core.contract.ContractFile;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose DEPTH_LEVELS differs from an open day's order-book file is refused before it appends rows of another width. */
class DepthLevelsCheckTest {

    private static RecordJobSettings settings(Path data, String clock, String levels) {
        Map<String, String> env = new HashMap<>();
        env.put("SYMBOL", "binance:BTCUSDT,kraken:BTC/USD");
        env.put("DATA_DIR", data.toString());
        env.put("MM_CLOCK", clock);
        if (levels != null) {
            env.put("DEPTH_LEVELS", levels);
        }
        return RecordJobSettings.from(new SettingsReader(env), "run", System.currentTimeMillis());
    }

    private static Path orderbook(Path data, String exchange, String fs, String day, int levels) throws Exception {
        Path f = data.resolve(exchange).resolve(fs).resolve(day).resolve(ContractFile.ORDERBOOK.relativePath(fs, day));
        Files.createDirectories(f.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write((ContractFile.ORDERBOOK.headerLine(levels)).getBytes(StandardCharsets.UTF_8));
        }
        return f;
    }

    @Test
    void anOpenDaysFileOfAnotherWidthIsRefusedNamingIt(@TempDir Path data) throws Exception {
        Path kraken = orderbook(data, "kraken", "BTCUSD", "20261201", 20);
        String noon = "start=2026-12-01T12:00:00+01:00,speed=1";
        assertThatCode(() -> DepthLevelsCheck.check(settings(data, noon, null))).as("the default 20 levels, as the file").doesNotThrowAnyException();
        assertThatThrownBy(() -> DepthLevelsCheck.check(settings(data, noon, "5"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DEPTH_LEVELS 5 differs from the 20 levels of " + kraken + ", which this run would append to (a day file keeps "
                        + "one header): record with DEPTH_LEVELS=20 until its day's window closes, or into another DATA_DIR");
        // ten minutes after midnight the day before is still open (window 00:00 to 00:15 the next day)
        assertThatThrownBy(() -> DepthLevelsCheck.check(settings(data, "start=2026-12-02T00:10:00+01:00,speed=1", "5")))
                .hasMessageContaining(kraken.toString());
        // once its window has closed, the new day takes the new depth
        assertThatCode(() -> DepthLevelsCheck.check(settings(data, "start=2026-12-02T00:20:00+01:00,speed=1", "5"))).doesNotThrowAnyException();
    }

    @Test
    void filesOfTheSameWidthOrUnreadableOnesPass(@TempDir Path data) throws Exception {
        orderbook(data, "binance", "BTCUSDT", "20261201", 5);
        Path torn = data.resolve("kraken/BTCUSD/20261201").resolve(ContractFile.ORDERBOOK.relativePath("BTCUSD", "20261201"));
        Files.createDirectories(torn.getParent());
        Files.write(torn, new byte[] {31, -117, 8});
        assertThatCode(() -> DepthLevelsCheck.check(settings(data, "start=2026-12-01T12:00:00+01:00,speed=1", "5"))).doesNotThrowAnyException();
    }
}
