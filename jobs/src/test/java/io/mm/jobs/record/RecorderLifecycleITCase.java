package io.mm.jobs.record;

import static io.mm.jobs.record.RecorderSimulatorITCase.file;
import static io.mm.jobs.record.RecorderSimulatorITCase.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.config.SettingsReader;
import io.mm.simulator.Simulator;
import io.mm.simulator.junit.SimulatorExtension;
import io.mm.validator.DayReport;
import io.mm.validator.ValidatorJob;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVRecord;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Day rollover under a driven clock, and a restore from a savepoint, against the simulator. */
class RecorderLifecycleITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final SimulatorExtension sim = SimulatorExtension.with(b -> b.seed(29).rate(100));

    private static List<Path> days(Path symbolDir) throws IOException {
        if (!Files.isDirectory(symbolDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(symbolDir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static JobClient start(RecordJobSettings c, String savepoint) throws Exception {
        return RecorderSimulatorITCase.start(c, savepoint);
    }

    private static long frames(Path day) {
        try {
            return rows(file(day, "orderbook_ws_depth_")).size();
        } catch (IOException | AssertionError e) {
            return 0;
        }
    }

    @Test
    void aDayRolloverUnderADrivenClockGivesTwoSelfContainedDays(@TempDir Path dir) throws Exception {
        Simulator s = sim.simulator();
        Map<String, String> env = RecorderSimulatorITCase.environment(s, dir);
        env.put("SYMBOL", "binance:BTCUSDT,kraken:BTC/USD,bitfinex:tBTCUSD");
        // eight seconds before midnight in the window's zone: the next day's window opens during the run
        env.put("MM_CLOCK", "start=2026-12-01T23:59:52+01:00,speed=1");
        env.remove("WINDOW_TZ"); // the driven clock is set against the default zone's midnight
        env.put("BOOK_SNAPSHOT_INTERVAL_S", "2");
        Path data = dir.resolve("data");
        JobClient job = start(RecordJobSettings.from(new SettingsReader(env), RecordJobSettings.newRunId(), System.currentTimeMillis()), null);
        try {
            long deadline = System.currentTimeMillis() + 90_000;
            while (System.currentTimeMillis() < deadline) {
                List<Path> d = days(data.resolve("kraken").resolve("BTCUSD"));
                List<Path> b = days(data.resolve("binance").resolve("BTCUSDT"));
                List<Path> f = days(data.resolve("bitfinex").resolve("BTCUSD"));
                if (d.size() == 2 && b.size() == 2 && f.size() == 2 && frames(d.get(1)) > 20 && frames(b.get(1)) > 10 && frames(f.get(1)) > 20) {
                    break;
                }
                Thread.sleep(500);
            }
            job.stopWithSavepoint(true, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
            job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        } catch (Exception | AssertionError e) {
            job.cancel();
            throw e;
        }
        List<Path> all = new ArrayList<>();
        for (Path symbolDir : List.of(data.resolve("binance/BTCUSDT"), data.resolve("kraken/BTCUSD"), data.resolve("bitfinex/BTCUSD"))) {
            List<Path> d = days(symbolDir);
            assertThat(d.stream().map(p -> p.getFileName().toString())).as(symbolDir.toString()).containsExactly("20261201", "20261202");
            List<CSVRecord> second = rows(file(d.get(1), "events_"));
            assertThat(second.get(0).get("type")).isEqualTo("window_start");
            assertThat(second.stream().anyMatch(r -> r.get("type").equals("snapshot") && r.get("tag").equals("day_open")))
                    .as(symbolDir + " day_open snapshot").isTrue();
            for (Path day : d) {
                assertThat(rows(file(day, "events_")).stream().filter(r -> r.get("type").equals("snapshot") && r.get("tag").equals("periodic")
                        && r.get("state").equals("SYNCED")).count()).as(day + ": periodic snapshots of the synced book").isPositive();
            }
            all.addAll(d);
        }
        // each day replays on its own: the validator rebuilds every recorded frame from that day's files alone, and
        // its book equals each periodic snapshot the recorder wrote of its own
        List<DayReport> reports = ValidatorJob.run(all, 2);
        assertThat(reports).hasSize(6);
        for (DayReport r : reports) {
            assertThat(r.status()).as(r.summary()).isEqualTo(DayReport.Status.CLEAN);
            assertThat(r.framesRecorded()).as(r.dayDir()).isPositive().isEqualTo(r.framesReplayed());
        }
        Recording.assertRebuiltFromTheFilesAlone(data);
        // a periodic snapshot that disagrees with the replayed book is a finding
        Path day = all.get(0);
        List<CSVRecord> periodic = rows(file(day, "events_")).stream().filter(r -> r.get("tag").equals("periodic")).toList();
        CSVRecord lastPeriodic = periodic.get(periodic.size() - 1);
        Path json = day.resolve("snapshots").resolve("snapshot_" + lastPeriodic.get("event_id") + "_periodic.json");
        String text = Files.readString(json);
        String tampered = text.replaceFirst("(\\[\\[\"[0-9.]+\",\")[0-9.]+\"", "$1" + "123.45600000\"");
        assertThat(tampered).as(json.toString()).isNotEqualTo(text);
        Files.writeString(json, tampered);
        DayReport r = ValidatorJob.run(List.of(day), 1).get(0);
        assertThat(r.status()).as(r.summary()).isEqualTo(DayReport.Status.MISMATCH);
        assertThat(r.findings()).as(r.summary()).anyMatch(f -> f.contains("differs from the recorder's own book snapshot"));
    }

    @Test
    void aRestoreFromASavepointRecordsRecoveryAndTheExactGap(@TempDir Path dir) throws Exception {
        Simulator s = sim.simulator();
        Map<String, String> env = RecorderSimulatorITCase.environment(s, dir);
        env.put("SYMBOL", "binance:BTCUSDT,kraken:BTC/USD");
        Path data = dir.resolve("data");
        RecordJobSettings c = RecordJobSettings.from(new SettingsReader(env), RecordJobSettings.newRunId(), System.currentTimeMillis());
        JobClient first = start(c, null);
        String savepoint;
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline && (days(data.resolve("binance/BTCUSDT")).isEmpty()
                    || frames(days(data.resolve("binance/BTCUSDT")).get(0)) < 20)) {
                Thread.sleep(300);
            }
            // suspended, not drained: like a crash after the last checkpoint, the state is all that survives
            savepoint = first.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(2, TimeUnit.MINUTES);
            first.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        } catch (Exception | AssertionError e) {
            first.cancel();
            throw e;
        }
        Thread.sleep(2000); // the market moves on while nothing records
        env.put("KRAKEN_BOOK_DEPTH", "25"); // and the user asks for a deeper Kraken book: one day, two depths
        JobClient second = start(RecordJobSettings.from(new SettingsReader(env), RecordJobSettings.newRunId(), System.currentTimeMillis()), savepoint);
        Path day = days(data.resolve("binance/BTCUSDT")).get(0);
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline && rows(file(day, "events_")).stream().noneMatch(r -> r.get("type").equals("resync_done")
                    || r.get("type").equals("state_change") && r.get("details").contains("restored"))) {
                Thread.sleep(300);
            }
            Thread.sleep(2000);
            second.stopWithSavepoint(true, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
            second.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        } catch (Exception | AssertionError e) {
            second.cancel();
            throw e;
        }
        List<CSVRecord> events = rows(file(day, "events_"));
        CSVRecord recovery = events.stream().filter(r -> r.get("type").equals("recovery")).findFirst().orElseThrow();
        long restoredId = JSON.readTree(recovery.get("details")).get("last_update_id").asLong();
        List<CSVRecord> gaps = rows(file(day, "gaps_"));
        CSVRecord gap = gaps.stream().filter(r -> r.get("kind").equals("recovery") && r.get("details").contains("depth")).findFirst().orElseThrow();
        long expected = Long.parseLong(gap.get("expected"));
        long got = Long.parseLong(gap.get("got"));
        assertThat(expected).isEqualTo(restoredId + 1);
        assertThat(got).isGreaterThan(expected);
        // exact: the recorded diffs reach the gap's edges, and none falls inside it
        List<long[]> ids = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(
                file(day.resolve("diffs"), "depth_diffs_"))), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode n = JSON.readTree(line);
                ids.add(new long[] {n.get("U").asLong(), n.get("u").asLong()});
            }
        }
        assertThat(ids).anySatisfy(x -> assertThat(x[1]).isEqualTo(restoredId));
        assertThat(ids).anySatisfy(x -> assertThat(x[0]).isEqualTo(got));
        assertThat(ids).noneSatisfy(x -> assertThat(x[1] >= expected && x[0] < got).isTrue());
        assertThat(JSON.readTree(gap.get("details")).get("lost_update_ids").asLong()).isEqualTo(got - expected);
        // the restored run re-synced and ended cleanly
        assertThat(events.stream().filter(r -> r.get("type").equals("state_change") && r.get("state").equals("SYNCED")).count()).isEqualTo(2);
        assertThat(events.get(events.size() - 1).get("type")).isEqualTo("run_end");
        // Kraken's updates carry no ids: its loss is the time from the last data before the savepoint to the resync
        Path kday = days(data.resolve("kraken/BTCUSD")).get(0);
        CSVRecord krec = rows(file(kday, "events_")).stream().filter(r -> r.get("type").equals("recovery")).findFirst().orElseThrow();
        long lastRecv = JSON.readTree(krec.get("details")).get("last_recv_ts_us").asLong();
        CSVRecord kgap = rows(file(kday, "gaps_")).stream().filter(r -> r.get("kind").equals("recovery") && r.get("details").contains("depth"))
                .findFirst().orElseThrow();
        assertThat(Long.parseLong(kgap.get("expected"))).isEqualTo(lastRecv);
        assertThat(Long.parseLong(kgap.get("got")) - lastRecv).as("at least the 2 s nothing recorded").isGreaterThanOrEqualTo(2_000_000);
        // every frame replays, each run's at the depth it subscribed (the validator, and a reader of the files alone)
        assertThat(rows(file(kday, "orderbook_ws_depth_")).stream().anyMatch(r -> !r.get("bid_px_11").isEmpty()))
                .as("the second run's frames are deeper than 10 levels").isTrue();
        for (DayReport r : ValidatorJob.run(ValidatorJob.findDays(data), 1)) {
            assertThat(r.framesEqual()).as(r.summary()).isTrue();
            assertThat(r.gapMismatches()).as(r.summary()).isEmpty();
        }
        Recording.assertRebuiltFromTheFilesAlone(data);
    }
}
