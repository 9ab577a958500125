package io.mm.jobs.record;

import static io.mm.jobs.record.RecorderSimulatorITCase.file;
import static io.mm.jobs.record.RecorderSimulatorITCase.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.clock.RecorderClock;
import io.mm.core.config.SettingsReader;
import io.mm.simulator.Simulator;
import io.mm.simulator.SimulatorStats;
import io.mm.simulator.junit.SimulatorExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cold start of 1,000 Binance symbols against the simulator, which counts weight per minute as Binance does
 * (6,000; 429 over it, 418 when asked again during Retry-After): every book syncs, no request is refused, and
 * the snapshots are spread over the minutes the weight demands.
 */
class RecorderColdStartITCase {
    static final int SYMBOLS = 1000;

    /** The exchange's clock is not ours: its minutes turn 30 s after ours do. */
    @RegisterExtension
    static final SimulatorExtension SIM = SimulatorExtension.with(b -> b.seed(17).rate(0.5).exchanges(Set.of(Exchange.BINANCE))
            .syntheticSymbols(Exchange.BINANCE, SYMBOLS).clock(RecorderClock.parse("start=" + Instant.now().plusSeconds(30) + ",speed=1",
                    System.currentTimeMillis())));

    @Test
    void aThousandBinanceBooksSyncWithoutA429OrA418(@TempDir Path dir) throws Exception {
        Simulator s = SIM.simulator();
        List<String> names = s.symbols(Exchange.BINANCE);
        assertThat(names).hasSize(SYMBOLS);
        Map<String, String> env = new HashMap<>(s.urls().environment());
        env.put("SYMBOL", names.stream().map(n -> "binance:" + n).collect(Collectors.joining(",")));
        env.put("DATA_DIR", dir.resolve("data").toString());
        env.put("SNAPSHOT_LIMIT", "100"); // weight 5: 5,000 in all, more than one minute's 4,800
        env.put("BUFFER_FLUSH_INTERVAL_SEC", "5");
        env.put("PARALLELISM", "2");
        env.put("SINK_FSYNC", "0");
        env.put("LIVE_STREAM", "0");
        env.put("HEARTBEAT_SEC", "0");
        env.put("WINDOW_TZ", RecorderSimulatorITCase.zoneAtNoon()); // one day directory per symbol: synced() counts them
        RecordJobSettings c = RecordJobSettings.from(new SettingsReader(env), RecordJobSettings.newRunId(), System.currentTimeMillis());
        assertThat(c.restLimits.binanceColdStartSeconds(SYMBOLS, 100)).isEqualTo(60);
        Path data = dir.resolve("data");
        JobClient job = RecorderSimulatorITCase.start(c);
        try {
            long deadline = System.currentTimeMillis() + 300_000;
            while (synced(data) < SYMBOLS) {
                assertThat(System.currentTimeMillis()).as("every book synced within 300 s").isLessThan(deadline);
                Thread.sleep(5000);
            }
        } finally {
            job.cancel().get();
        }
        SimulatorStats.PerExchange binance = s.stats().exchanges().get(Exchange.BINANCE);
        assertThat(binance.restRateLimited()).as("429s").isZero();
        assertThat(binance.restBanned()).as("418s").isZero();
        // the budget spreads 5,000 of weight over more than a minute: the last snapshot waits for the window
        List<Long> snapshotTimes = new ArrayList<>();
        for (Path day : days(data)) {
            for (CSVRecord r : rows(file(day, "events_"))) {
                if (r.get("type").equals("snapshot")) {
                    snapshotTimes.add(Long.parseLong(r.get("ts_us")));
                }
            }
        }
        assertThat(snapshotTimes).hasSizeGreaterThanOrEqualTo(SYMBOLS);
        long spanUs = snapshotTimes.stream().mapToLong(Long::longValue).max().orElseThrow()
                - snapshotTimes.stream().mapToLong(Long::longValue).min().orElseThrow();
        assertThat(spanUs).as("snapshots spread over the minute the weight demands").isGreaterThanOrEqualTo(58_000_000L);
    }

    private static List<Path> days(Path data) throws IOException {
        if (!Files.isDirectory(data)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(data, 3)) {
            return s.filter(p -> p.getFileName().toString().matches("\\d{8}") && !p.toString().contains("/.")).toList();
        } catch (java.io.UncheckedIOException e) {
            return List.of(); // a staging file renamed under the walk: asked again at the next poll
        }
    }

    private static int synced(Path data) throws IOException {
        int n = 0;
        for (Path day : days(data)) {
            try {
                if (rows(file(day, "events_")).stream().anyMatch(r -> r.get("state").equals("SYNCED"))) {
                    n++;
                }
            } catch (IOException | AssertionError e) {
                // not committed yet, or caught mid-append
            }
        }
        return n;
    }
}
