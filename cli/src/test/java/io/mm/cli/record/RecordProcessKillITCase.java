package io.mm.cli.record;

import static io.mm.jobs.record.RecorderSimulatorITCase.file;
import static io.mm.jobs.record.RecorderSimulatorITCase.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.mm.simulator.junit.SimulatorExtension;
import io.mm.sinks.day.PythonReader;
import io.mm.validator.DayReport;
import io.mm.validator.ValidatorJob;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mm record} as a separate process, killed with SIGKILL mid-run and started again with the same
 * settings: it resumes from the newest checkpoint; every committed file is a valid gzip that Python reads
 * (also while the process runs); no message appears twice in any file; what was committed before the kill is
 * still there, unchanged, at the head of each file; the loss window is in {@code recovery} gap rows; the days
 * still replay frame for frame.
 */
class RecordProcessKillITCase {
    static final String SYMBOLS = "binance:BTCUSDT,kraken:BTC/USD,bitfinex:tBTCUSD";

    @RegisterExtension
    static final SimulatorExtension SIM = SimulatorExtension.with(b -> b.seed(41).rate(100));

    private static Process start(Path dir, String name) throws IOException {
        return RecorderProcess.start(dir, name, SIM.urls(), Map.of("BUFFER_FLUSH_INTERVAL_SEC", "1", "PARALLELISM", "2"),
                List.of("record", "--symbol", SYMBOLS, "--data-dir", dir.resolve("data").toString(), "--skip-symbol-check"));
    }

    private static List<Path> days(Path data) throws IOException {
        try (Stream<Path> s = Files.walk(data)) {
            return s.filter(p -> p.getFileName().toString().matches("\\d{8}") && !p.toString().contains("/.")).sorted().toList();
        }
    }

    private static boolean ledgersShow(Path data, String what, int perSymbol) {
        try {
            List<Path> d = days(data);
            if (d.size() < 3) {
                return false;
            }
            for (Path day : d) {
                if (rows(file(day, "events_")).stream().filter(r -> (r.get("type") + ":" + r.get("state")).contains(what)).count() < perSymbol) {
                    return false;
                }
            }
            return true;
        } catch (IOException | AssertionError | RuntimeException e) {
            return false; // a file caught mid-append: ask again
        }
    }

    private static void await(Path data, String what, int perSymbol, Process p, Path log) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (!ledgersShow(data, what, perSymbol)) {
            if (!p.isAlive()) {
                throw new AssertionError("mm record ended early:\n" + Files.readString(log));
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no '" + what + "' in every ledger within 120 s");
            }
            Thread.sleep(300);
        }
    }

    /** Every line of every gzip file under the data root (decompressed), by path; retried if caught mid-append. */
    private static Map<Path, List<String>> contents(Path data) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                Map<Path, List<String>> out = new HashMap<>();
                try (Stream<Path> s = Files.walk(data)) {
                    for (Path p : s.filter(x -> x.toString().endsWith(".gz") && !x.toString().contains("/.")).toList()) {
                        List<String> lines = new ArrayList<>();
                        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(p)),
                                StandardCharsets.UTF_8))) {
                            String l;
                            while ((l = r.readLine()) != null) {
                                lines.add(l);
                            }
                        }
                        out.put(data.relativize(p), lines);
                    }
                }
                return out;
            } catch (IOException e) {
                if (attempt >= 5) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void killNineAndStartAgainResumesWithoutLosingOrRepeatingCommittedRows(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Process first = start(dir, "first");
        Map<Path, List<String>> before;
        try {
            await(data, "state_change:SYNCED", 1, first, dir.resolve("first.log"));
            Thread.sleep(3000);
            // Python reads every file while the recorder writes
            String whileRunning = PythonReader.readAll(data);
            assertThat(whileRunning).contains("orderbook_ws_depth_BTCUSDT").contains("trades_ws_raw_BTCUSD");
            before = contents(data);
        } finally {
            first.destroyForcibly(); // SIGKILL: no savepoint, no run_end, nothing flushed
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(first.exitValue()).isEqualTo(137);
        Thread.sleep(2000); // the market moves on while nothing records

        Process second = start(dir, "second");
        try {
            await(data, "recovery:", 1, second, dir.resolve("second.log"));
            await(data, "state_change:SYNCED", 2, second, dir.resolve("second.log"));
            Thread.sleep(3000);
        } finally {
            second.destroy(); // SIGTERM: a clean stop
            assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(second.exitValue()).as(Files.readString(dir.resolve("second.log"))).isZero();
        assertThat(Files.readString(dir.resolve("second.log"))).contains("resuming from");

        PythonReader.readAll(data);
        Map<Path, List<String>> after = contents(data);
        for (Map.Entry<Path, List<String>> e : before.entrySet()) {
            List<String> now = after.get(e.getKey());
            assertThat(now).as(e.getKey() + " still there").isNotNull();
            assertThat(now.size()).as(e.getKey() + " kept its rows").isGreaterThanOrEqualTo(e.getValue().size());
            assertThat(now.subList(0, e.getValue().size())).as(e.getKey() + " rows committed before the kill, unchanged").isEqualTo(e.getValue());
        }
        for (Map.Entry<Path, List<String>> e : after.entrySet()) {
            String name = e.getKey().getFileName().toString();
            List<String> lines = e.getValue();
            if (name.startsWith("orderbook_ws_depth_") || name.startsWith("depth_diffs_") || name.startsWith("trades_ws_raw_")) {
                Set<String> seqs = new HashSet<>();
                for (String l : lines.subList(name.endsWith(".csv.gz") ? 1 : 0, lines.size())) {
                    String seq = name.endsWith(".csv.gz") ? l.split(",")[1] : l.replaceAll("^\\{\"recv_seq\":(\\d+),.*", "$1");
                    assertThat(seqs.add(seq)).as(e.getKey() + ": recv_seq " + seq + " twice").isTrue();
                }
            }
        }
        for (Path day : days(data)) {
            List<CSVRecord> events = rows(file(day, "events_"));
            assertThat(events.stream().filter(r -> r.get("type").equals("recovery"))).as(day + " recovery event").hasSize(1);
            Set<String> ids = new HashSet<>();
            events.forEach(r -> assertThat(ids.add(r.get("event_id"))).as(day + " event_id " + r.get("event_id") + " twice").isTrue());
            assertThat(rows(file(day, "gaps_")).stream().filter(r -> r.get("kind").equals("recovery"))).as(day + " recovery gap rows").isNotEmpty();
            assertThat(events.get(events.size() - 1).get("type")).isEqualTo("run_end");
        }
        // the days replay: every recorded frame rebuilt from the day's own files (the recovery gap makes them GAPS, not CLEAN)
        for (DayReport r : ValidatorJob.run(days(data), 2)) {
            assertThat(r.framesEqual()).as(r.summary()).isTrue();
            assertThat(r.status()).as(r.summary()).isEqualTo(DayReport.Status.GAPS);
        }
    }
}
