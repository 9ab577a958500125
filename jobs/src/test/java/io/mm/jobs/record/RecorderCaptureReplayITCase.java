package io.mm.jobs.record;

import static io.mm.jobs.record.RecorderSimulatorITCase.dayDir;
import static io.mm.jobs.record.RecorderSimulatorITCase.file;
import static io.mm.jobs.record.RecorderSimulatorITCase.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.TestData;
import io.mm.core.config.SettingsReader;
import io.mm.simulator.Simulator;
import io.mm.simulator.cli.CaptureCommand;
import io.mm.validator.DayReport;
import io.mm.validator.ValidatorJob;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The real captures of the shared test data, replayed by the simulator into the recorder at its default
 * settings (pings every 20 s, answered by the replay as the exchanges answer them; subscriptions acknowledged):
 * Binance's four symbols sync on their recorded REST snapshots, Kraken's 510 checksums and Bitfinex's cs frame
 * are proven, and the recorded days replay frame for frame.
 */
class RecorderCaptureReplayITCase {
    static final Map<Exchange, List<String>> SYMBOLS = Map.of(Exchange.BINANCE, List.of("NKNUSDT", "BLZETH", "LRCBTC", "RUNEEUR"),
            Exchange.KRAKEN, List.of("BTC/USD"), Exchange.BITFINEX, List.of("tXRPBTC"));

    @Test
    void realCapturesReplayIntoTheRecorderAtItsDefaultSettings(@TempDir Path dir) throws Exception {
        Path capture = dir.resolve("capture.ndjson");
        assertThat(new CommandLine(new CaptureCommand()).execute("--binance-ws", TestData.path("binance/real_ws_capture_4_symbols.txt").toString(),
                "--binance-rest", TestData.path("binance/real_rest_snapshots_4_symbols.txt").toString(),
                "--kraken-session", TestData.path("kraken/real_book_v2_btcusd.json").toString(),
                "--kraken-instruments", TestData.path("kraken/instrument_snapshot.json").toString(),
                "--bitfinex-frames", TestData.path("bitfinex/real_book_xrpbtc_with_checksum.ndjson").toString(), "--out", capture.toString()))
                .isZero();
        try (Simulator sim = Simulator.builder().capture(capture, 3).build().start()) {
            Map<String, String> env = new java.util.HashMap<>(sim.urls().environment());
            env.put("SYMBOL", "binance:NKNUSDT,binance:BLZETH,binance:LRCBTC,binance:RUNEEUR,kraken:BTC/USD,bitfinex:tXRPBTC");
            env.put("DATA_DIR", dir.resolve("data").toString());
            env.put("BUFFER_FLUSH_INTERVAL_SEC", "1");
            env.put("SINK_FSYNC", "0");
            // the recorded captures span a few minutes of 2021-2023: day files by the capture's own clock
            env.put("WINDOW_TZ", RecorderSimulatorITCase.zoneAtNoon());
            RecordJobSettings c = RecordJobSettings.from(new SettingsReader(env), RecordJobSettings.newRunId(), System.currentTimeMillis());
            assertThat(c.ws.pingIntervalS()).as("the default ping interval").isEqualTo(20);
            Path data = dir.resolve("data");
            JobClient job = RecorderSimulatorITCase.start(c);
            try {
                long deadline = System.currentTimeMillis() + 90_000;
                while (!allSynced(data) || krakenFrames(data) < 510) {
                    assertThat(System.currentTimeMillis()).as("every book synced, Kraken's 510 frames, within 90 s").isLessThan(deadline);
                    Thread.sleep(500);
                }
                Thread.sleep(1500);
            } finally {
                job.cancel().get();
            }
            assertThat(krakenFrames(data)).as("every Kraken checksum proven: snapshot and 509 updates").isEqualTo(510);
            for (var e : SYMBOLS.entrySet()) {
                for (String s : e.getValue()) {
                    List<CSVRecord> ledger = rows(file(dayDir(data, e.getKey(), s), "events_"));
                    assertThat(ledger).as(s + ": no reconnect for want of a pong").noneMatch(r -> r.get("details").contains("no pong"));
                    assertThat(rows(file(dayDir(data, e.getKey(), s), "orderbook_ws_depth_"))).as(s + " frames").isNotEmpty();
                }
            }
            for (DayReport r : ValidatorJob.run(ValidatorJob.findDays(data), 2)) {
                assertThat(r.framesEqual()).as(r.summary()).isTrue();
            }
        }
    }

    private static boolean allSynced(Path data) {
        try {
            for (var e : SYMBOLS.entrySet()) {
                for (String s : e.getValue()) {
                    if (rows(file(dayDir(data, e.getKey(), s), "events_")).stream().noneMatch(r -> r.get("state").equals("SYNCED"))) {
                        return false;
                    }
                }
            }
            return true;
        } catch (Exception | AssertionError e) {
            return false;
        }
    }

    private static long krakenFrames(Path data) {
        try {
            return rows(file(dayDir(data, Exchange.KRAKEN, "BTC/USD"), "orderbook_ws_depth_")).size();
        } catch (Exception | AssertionError e) {
            return 0;
        }
    }
}
