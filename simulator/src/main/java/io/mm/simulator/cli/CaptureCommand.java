package io.mm.simulator.cli;

import io.mm.simulator.capture.CaptureConverter;
import io.mm.simulator.capture.CaptureFile;
import io.mm.simulator.capture.CaptureLine;
import io.mm.simulator.capture.RecordedDayCapture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bin/mm simulator convert-capture}: real captures in other tools' formats to the simulator's capture format. */
@Command(name = "convert-capture", mixinStandardHelpOptions = true,
        description = "Convert real captures (days the recorder wrote, cryptofeed Binance logs, python-kraken-sdk v2 book sessions, "
                + "Bitfinex frame lists) into one simulator capture (NDJSON: ts_ms, kind, path, msg) that `bin/mm simulator --capture` plays.")
public final class CaptureCommand implements Callable<Integer> {
    @Option(names = "--recording", paramLabel = "DAY_DIR",
            description = "a day the recorder wrote (data/<exchange>/<SYMBOL_FS>/<YYYYMMDD>): its raw frames, snapshots and what its ledger says the "
                    + "exchange answered; repeat for several symbols")
    List<Path> recordings = new ArrayList<>();

    @Option(names = "--binance-ws", paramLabel = "FILE", description = "cryptofeed Binance WebSocket log ('<url> <-> <t0>' then '<time>: <frame>')")
    Path binanceWs;

    @Option(names = "--binance-rest", paramLabel = "FILE", description = "cryptofeed Binance REST log ('<url> -> <time>: <body>')")
    Path binanceRest;

    @Option(names = "--kraken-session", paramLabel = "FILE", description = "Kraken v2 book session: {\"init\": <snapshot>, \"updates\": [...]}")
    Path krakenSession;

    @Option(names = "--kraken-instruments", paramLabel = "FILE", description = "a Kraken instrument snapshot frame played before the session")
    Path krakenInstruments;

    @Option(names = "--bitfinex-frames", paramLabel = "FILE", description = "Bitfinex WS frames, one per line (played 1 ms apart)")
    Path bitfinexFrames;

    @Option(names = "--bitfinex-start-ms", paramLabel = "MS", description = "receive time of the first Bitfinex frame (default ${DEFAULT-VALUE})")
    long bitfinexStartMs = 1_700_000_000_000L;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "capture file to write")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            List<CaptureLine> lines = convert();
            if (lines.isEmpty()) {
                spec.commandLine().getErr().println("mm simulator convert-capture: nothing to convert (give --recording, --binance-ws, "
                        + "--kraken-session or --bitfinex-frames)");
                return 2;
            }
            CaptureFile.write(out, lines);
            spec.commandLine().getOut().println("wrote " + lines.size() + " lines to " + out);
            return 0;
        } catch (java.nio.file.FileSystemException e) {
            // a file to read that is not there, or --out where it cannot be written: the path and why, not the path alone
            spec.commandLine().getErr().println("mm simulator convert-capture: " + io.mm.core.config.StorageCheck.reason(e));
            return 2;
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("mm simulator convert-capture: " + e.getMessage());
            return 2;
        }
    }

    List<CaptureLine> convert() throws IOException {
        List<CaptureLine> lines = new ArrayList<>();
        for (Path day : recordings) {
            lines.addAll(RecordedDayCapture.of(day));
        }
        if (binanceWs != null) {
            lines.addAll(CaptureConverter.binanceCryptofeed(binanceWs, binanceRest));
        }
        if (krakenSession != null) {
            lines.addAll(CaptureConverter.krakenSession(krakenSession, krakenInstruments));
        }
        if (bitfinexFrames != null) {
            lines.addAll(CaptureConverter.bitfinexFrames(bitfinexFrames, bitfinexStartMs));
        }
        // exchanges replay on their own clocks; one order per exchange is all that matters
        lines.sort(Comparator.comparing((CaptureLine l) -> l.exchange()).thenComparingLong(CaptureLine::tsMs));
        return lines;
    }
}
