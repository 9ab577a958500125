package io.mm.jobs.record;

import static io.mm.jobs.record.RecorderSimulatorITCase.dayDir;
import static io.mm.jobs.record.RecorderSimulatorITCase.file;
import static io.mm.jobs.record.RecorderSimulatorITCase.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.simulator.Simulator;
import io.mm.simulator.cli.CaptureCommand;
import io.mm.validator.DayReport;
import io.mm.validator.ValidatorJob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A recorded day turned into a capture ({@code convert-capture --recording}) and played by the simulator into a
 * second recorder at its default settings: every book syncs again and ends where the first recording ended, level
 * for level, and the second recording replays frame for frame. What a user does to reproduce a recorded problem.
 */
class RecordingAsCaptureITCase {
    static final Map<Exchange, String> SYMBOLS = Map.of(Exchange.BINANCE, "BTCUSDT", Exchange.KRAKEN, "BTC/USD", Exchange.BITFINEX, "tBTCUSD");

    @Test
    void aRecordedDayReplaysIntoTheRecorderAndEndsOnTheSameBooks(@TempDir Path dir) throws Exception {
        Path first = dir.resolve("first");
        try (Simulator sim = Simulator.builder().seed(31).rate(50).build().start()) {
            Recording.run(sim, first, "binance:BTCUSDT,kraken:BTC/USD,bitfinex:tBTCUSD", Map.of(), r -> {
                for (var e : SYMBOLS.entrySet()) {
                    r.awaitSynced(e.getKey(), e.getValue());
                }
                Thread.sleep(4000);
                r.stopAndCheckFinalBook(Exchange.KRAKEN, "BTC/USD", 10);
            });
        }
        List<String> args = new ArrayList<>();
        for (var e : SYMBOLS.entrySet()) {
            args.add("--recording");
            args.add(dayDir(first.resolve("data"), e.getKey(), e.getValue()).toString());
        }
        Path capture = dir.resolve("capture.ndjson");
        args.addAll(List.of("--out", capture.toString()));
        assertThat(new CommandLine(new CaptureCommand()).execute(args.toArray(String[]::new))).isZero();

        Path second = dir.resolve("second");
        try (Simulator sim = Simulator.builder().capture(capture, 2).build().start()) {
            Recording.run(sim, second, "binance:BTCUSDT,kraken:BTC/USD,bitfinex:tBTCUSD", Map.of(), r -> {
                long deadline = System.currentTimeMillis() + 120_000;
                while (!lastFramesEqual(first, second)) {
                    assertThat(System.currentTimeMillis()).as("the replayed books reach the recorded ends within 120 s").isLessThan(deadline);
                    Thread.sleep(500);
                }
                r.job.cancel().get();
            });
        }
        for (DayReport d : ValidatorJob.run(ValidatorJob.findDays(second.resolve("data")), 2)) {
            assertThat(d.framesEqual()).as(d.summary()).isTrue();
        }
    }

    /** The last committed frame of every symbol, book levels only, is the same in both recordings. */
    private static boolean lastFramesEqual(Path first, Path second) {
        try {
            for (var e : SYMBOLS.entrySet()) {
                if (!levels(first, e.getKey(), e.getValue()).equals(levels(second, e.getKey(), e.getValue()))) {
                    return false;
                }
            }
            return true;
        } catch (Exception | AssertionError x) {
            return false;
        }
    }

    private static List<String> levels(Path root, Exchange e, String symbol) throws Exception {
        List<CSVRecord> frames = rows(file(dayDir(root.resolve("data"), e, symbol), "orderbook_ws_depth_"));
        CSVRecord last = frames.get(frames.size() - 1);
        List<String> out = new ArrayList<>();
        for (int i = 6; i < last.size(); i++) {
            out.add(last.get(i));
        }
        return out;
    }
}
