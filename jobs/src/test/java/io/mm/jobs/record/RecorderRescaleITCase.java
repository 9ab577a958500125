package io.mm.jobs.record;

import static io.mm.jobs.record.RecorderSimulatorITCase.dayDir;
import static io.mm.jobs.record.RecorderSimulatorITCase.file;
import static io.mm.jobs.record.RecorderSimulatorITCase.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.core.config.SettingsReader;
import io.mm.simulator.Simulator;
import io.mm.simulator.TrueBook;
import io.mm.simulator.junit.SimulatorExtension;
import io.mm.validator.DayReport;
import io.mm.validator.ValidatorJob;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rescaling the recorder: stop with a savepoint at parallelism 1, resume at 2, stop again and resume at 1. Each
 * symbol's keyed state moves to whichever subtask owns it now and continues where the savepoint left it
 * ({@code recv_seq}, event ids, epochs, the last update id); the two connections are split over both source
 * subtasks at 2 and gathered again at 1. The market stands still while the job moves, so nothing is lost: Binance's
 * new streams continue the checkpointed books (no REST snapshot, no gap row), Kraken's recovery gaps span exactly
 * the stops; the final books equal the exchange's; the day replays.
 */
class RecorderRescaleITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Two exchanges, so two connections (splits) to spread over the source subtasks. */
    private static final Map<Exchange, String> SYMBOLS = Map.of(Exchange.BINANCE, "BTCUSDT", Exchange.KRAKEN, "BTC/USD");

    @RegisterExtension
    static final SimulatorExtension SIM = SimulatorExtension.with(b -> b.seed(61).rate(100));

    /** Every job this test started: one still running when the test ends (a failed wait) is cancelled. */
    private final List<JobClient> started = new ArrayList<>();

    @AfterEach
    void cancelLeftovers() throws Exception {
        for (JobClient j : started) {
            boolean running;
            try {
                running = !j.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState();
            } catch (IllegalStateException | java.util.concurrent.ExecutionException e) {
                running = false; // a finished job's local MiniCluster is shut down with it
            }
            if (running) {
                j.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private JobClient start(Map<String, String> env, int parallelism, String savepoint) throws Exception {
        RecordJobSettings c = RecordJobSettings.from(new SettingsReader(env), RecordJobSettings.newRunId(), System.currentTimeMillis());
        Configuration conf = RecorderJob.flinkConfiguration(c);
        conf.setString("metrics.reporter.subtasks.factory.class", SourceSubtaskReporter.class.getName());
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment see = StreamExecutionEnvironment.createLocalEnvironment(conf);
        see.setParallelism(parallelism);
        RecorderJob.build(see, c);
        JobClient job = see.executeAsync("recorder at parallelism " + parallelism);
        started.add(job);
        return job;
    }

    private static List<CSVRecord> ledger(Path data, Exchange e) {
        try {
            return rows(file(dayDir(data, e, SYMBOLS.get(e)), "events_"));
        } catch (IOException | AssertionError x) {
            return List.of();
        }
    }

    /** Waits until every symbol's committed ledger shows {@code recoveries} recoveries and is SYNCED after the last one. */
    private static void awaitSynced(Path data, int recoveries, JobClient job) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        while (true) {
            boolean all = true;
            for (Exchange e : SYMBOLS.keySet()) {
                List<CSVRecord> l = ledger(data, e);
                int lastRecovery = -1;
                int n = 0;
                for (int i = 0; i < l.size(); i++) {
                    if (l.get(i).get("type").equals("recovery")) {
                        lastRecovery = i;
                        n++;
                    }
                }
                boolean synced = false;
                for (int i = lastRecovery + 1; i < l.size(); i++) {
                    synced |= l.get(i).get("type").equals("state_change") && l.get(i).get("state").equals("SYNCED");
                }
                all &= n == recoveries && synced;
            }
            if (all) {
                return;
            }
            if (System.currentTimeMillis() > deadline || job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                throw new AssertionError("not every symbol SYNCED after " + recoveries + " recoveries within 90 s: "
                        + SYMBOLS.keySet().stream().map(e -> e + " " + ledger(data, e).stream().map(r -> r.get("type") + ":" + r.get("state")).toList())
                        .toList());
            }
            Thread.sleep(300);
        }
    }

    /** Waits until every symbol's committed ledger shows {@code recoveries} recoveries and a ws_open after the last one. */
    private static void awaitOpened(Path data, int recoveries, JobClient job) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        while (true) {
            boolean all = true;
            for (Exchange e : SYMBOLS.keySet()) {
                List<CSVRecord> l = ledger(data, e);
                int n = 0;
                boolean opened = false;
                for (CSVRecord r : l) {
                    if (r.get("type").equals("recovery")) {
                        n++;
                        opened = false;
                    } else if (r.get("type").equals("ws_open")) {
                        opened = true;
                    }
                }
                all &= n == recoveries && opened;
            }
            if (all) {
                return;
            }
            if (System.currentTimeMillis() > deadline || job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                throw new AssertionError("not every symbol connected again after " + recoveries + " recoveries within 90 s");
            }
            Thread.sleep(300);
        }
    }

    private static String stop(JobClient job, Path dir, boolean drain) throws Exception {
        try {
            String sp = job.stopWithSavepoint(drain, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(2, TimeUnit.MINUTES);
            job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
            return sp;
        } catch (Exception | AssertionError e) {
            job.cancel();
            throw e;
        }
    }

    /**
     * recv_seq of every row of the day's files, in file order, by file: frames, diffs and raw trades have one
     * input each ({@code true}: strictly increasing), ledger rows and trade prints may share their input's.
     */
    private static Map<String, Map.Entry<Boolean, List<Long>>> recvSeqs(Path day) throws IOException {
        Map<String, Map.Entry<Boolean, List<Long>>> out = new java.util.LinkedHashMap<>();
        for (String prefix : List.of("orderbook_ws_depth_", "trades_ws_", "events_")) {
            out.put(prefix, Map.entry(prefix.startsWith("orderbook"), rows(file(day, prefix)).stream()
                    .map(r -> Long.parseLong(r.get("recv_seq"))).toList()));
        }
        out.put("depth_diffs_", Map.entry(true, diffs(day).stream().map(n -> n.get("recv_seq").asLong()).toList()));
        List<Long> raw = new ArrayList<>();
        for (JsonNode n : ndjson(file(day.resolve("trades"), "trades_ws_raw_"))) {
            raw.add(n.get("recv_seq").asLong());
        }
        out.put("trades_ws_raw_", Map.entry(true, raw));
        return out;
    }

    private static List<JsonNode> diffs(Path day) throws IOException {
        return ndjson(file(day.resolve("diffs"), "depth_diffs_"));
    }

    private static List<JsonNode> ndjson(Path gz) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private static long maxRecvSeq(Path day) throws IOException {
        return recvSeqs(day).values().stream().flatMap(x -> x.getValue().stream()).mapToLong(Long::longValue).max().orElseThrow();
    }

    private static int lastEpoch(Path data, Exchange e) {
        List<CSVRecord> l = ledger(data, e);
        return Integer.parseInt(l.get(l.size() - 1).get("epoch"));
    }

    @Test
    void savepointAtOneResumeAtTwoAndBackAtOneContinuesEveryBook(@TempDir Path dir) throws Exception {
        Simulator sim = SIM.simulator();
        Map<String, String> env = RecorderSimulatorITCase.environment(sim, dir);
        env.put("SYMBOL", "binance:BTCUSDT,kraken:BTC/USD");
        Path data = dir.resolve("data");

        JobClient p1 = start(env, 1, null);
        awaitSynced(data, 0, p1);
        Thread.sleep(2000);
        // the market stands still while the job moves: nothing is lost, so every book can continue
        sim.pause();
        Thread.sleep(1500);
        String first = stop(p1, dir, false);
        long[] seqAtStop1 = new long[2];
        int[] epochAtStop1 = new int[2];
        for (Exchange e : SYMBOLS.keySet()) {
            seqAtStop1[e.ordinal() % 2] = maxRecvSeq(dayDir(data, e, SYMBOLS.get(e)));
            epochAtStop1[e.ordinal() % 2] = lastEpoch(data, e);
        }
        assertThat(SourceSubtaskReporter.connections(p1.getJobID().toString())).as("at 1, one source subtask holds both connections")
                .containsOnlyKeys(0).containsEntry(0, 2L);

        JobClient p2 = start(env, 2, first);
        awaitOpened(data, 1, p2);
        sim.resume();
        awaitSynced(data, 1, p2);
        Thread.sleep(2000);
        sim.pause();
        Thread.sleep(1500);
        String second = stop(p2, dir, false);
        long[] seqAtStop2 = new long[2];
        for (Exchange e : SYMBOLS.keySet()) {
            seqAtStop2[e.ordinal() % 2] = maxRecvSeq(dayDir(data, e, SYMBOLS.get(e)));
        }
        assertThat(SourceSubtaskReporter.connections(p2.getJobID().toString())).as("at 2, each source subtask runs one connection")
                .containsEntry(0, 1L).containsEntry(1, 1L);

        JobClient p3 = start(env, 1, second);
        Map<Exchange, TrueBook> truth = new java.util.EnumMap<>(Exchange.class);
        try {
            awaitOpened(data, 2, p3);
            sim.resume();
            awaitSynced(data, 2, p3);
            Thread.sleep(2000);
            sim.pause();
            Thread.sleep(2000); // the recorder reads what was sent before the pause
            for (Exchange e : SYMBOLS.keySet()) {
                truth.put(e, sim.trueBook(e, SYMBOLS.get(e), 10));
            }
            stop(p3, dir, true);
        } finally {
            sim.resume();
        }
        assertThat(SourceSubtaskReporter.connections(p3.getJobID().toString())).as("back at 1, both connections on one subtask")
                .containsOnlyKeys(0).containsEntry(0, 2L);

        List<Path> days = new ArrayList<>();
        for (Exchange e : SYMBOLS.keySet()) {
            String symbol = SYMBOLS.get(e);
            Path day = dayDir(data, e, symbol);
            days.add(day);
            List<CSVRecord> events = rows(file(day, "events_"));
            // the state came back: one run_start and one initial snapshot for the whole recording, a recovery per resume
            assertThat(events.stream().filter(r -> r.get("type").equals("run_start"))).as(symbol + " run_start").hasSize(1);
            assertThat(events.stream().filter(r -> r.get("type").equals("snapshot") && r.get("tag").equals("initial")))
                    .as(symbol + " initial snapshots").hasSize(1);
            // after each resume Binance's new stream continues the checkpointed book (written as a snapshot of source
            // checkpoint, so the day replays on its own): no REST snapshot; Kraken's subscription sends its WS snapshot
            List<String> later = new ArrayList<>();
            for (CSVRecord r : events) {
                if (r.get("type").equals("snapshot") && !r.get("tag").equals("initial")) {
                    later.add(r.get("tag") + ":" + JSON.readTree(r.get("details")).path("source").asText());
                }
            }
            String proof = e == Exchange.BINANCE ? "recovery:checkpoint" : "reconnect:ws";
            assertThat(later).as(symbol + " snapshots after the first").containsExactly(proof, proof);
            List<CSVRecord> recoveries = events.stream().filter(r -> r.get("type").equals("recovery")).toList();
            assertThat(recoveries).as(symbol + " recoveries").hasSize(2);
            long[] stops = {seqAtStop1[e.ordinal() % 2], seqAtStop2[e.ordinal() % 2]};
            for (int i = 0; i < 2; i++) {
                JsonNode d = JSON.readTree(recoveries.get(i).get("details"));
                assertThat(d.get("restored_recv_seq").asLong()).as(symbol + " resume " + (i + 1) + " continues from the savepoint's recv_seq")
                        .isEqualTo(stops[i]);
                assertThat(d.get("restored_state").asText()).isEqualTo("SYNCED");
            }
            // each resume is one resync epoch, not a new recording
            assertThat(lastEpoch(data, e)).as(symbol + " epochs").isEqualTo(epochAtStop1[e.ordinal() % 2] + 2);
            Set<String> ids = new HashSet<>();
            events.forEach(r -> assertThat(ids.add(r.get("event_id"))).as(symbol + " event_id " + r.get("event_id") + " twice").isTrue());
            for (Map.Entry<String, Map.Entry<Boolean, List<Long>>> f : recvSeqs(day).entrySet()) {
                List<Long> seqs = f.getValue().getValue();
                for (int i = 1; i < seqs.size(); i++) {
                    if (f.getValue().getKey()) {
                        assertThat(seqs.get(i)).as(symbol + " " + f.getKey() + ": recv_seq " + seqs.get(i) + " once").isGreaterThan(seqs.get(i - 1));
                    } else {
                        assertThat(seqs.get(i)).as(symbol + " " + f.getKey() + ": recv_seq in order").isGreaterThanOrEqualTo(seqs.get(i - 1));
                    }
                }
            }
            // nothing was lost: Binance's ids prove it (no gap row at all); Kraken's updates carry no ids, so its recovery
            // gap rows say only when the recorder was away
            Path gapsFile = day.resolve("gaps_" + day.getParent().getFileName() + "_" + day.getFileName() + ".csv.gz");
            List<CSVRecord> gaps = Files.exists(gapsFile) ? rows(gapsFile).stream().filter(r -> r.get("details").contains("\"depth\"")).toList()
                    : List.of();
            if (e == Exchange.BINANCE) {
                assertThat(gaps).as(symbol + " depth gaps: the stream continued the book").isEmpty();
                continue;
            }
            assertThat(gaps).as(symbol + " depth gaps").hasSize(2).allSatisfy(g -> assertThat(g.get("kind")).isEqualTo("recovery"));
            List<JsonNode> diffs = diffs(day);
            for (int i = 0; i < 2; i++) {
                long stopSeq = stops[i];
                List<JsonNode> before = diffs.stream().filter(n -> n.get("recv_seq").asLong() <= stopSeq).toList();
                List<JsonNode> after = diffs.stream().filter(n -> n.get("recv_seq").asLong() > stopSeq).toList();
                JsonNode lastBefore = before.get(before.size() - 1);
                JsonNode firstAfter = after.get(0);
                CSVRecord g = gaps.get(i);
                if (e == Exchange.BINANCE) {
                    assertThat(Long.parseLong(g.get("expected"))).as(symbol + " gap starts after the last update before the stop")
                            .isEqualTo(lastBefore.get("u").asLong() + 1);
                    assertThat(Long.parseLong(g.get("got"))).as(symbol + " gap ends at the first update after it")
                            .isEqualTo(firstAfter.get("U").asLong());
                } else {
                    // Kraken's updates carry no ids: the gap is the time from the last data (book or trades) before the stop
                    long from = Long.parseLong(g.get("expected"));
                    long to = Long.parseLong(g.get("got"));
                    assertThat(from).as(symbol + " gap starts at the last data before the stop")
                            .isGreaterThanOrEqualTo(lastBefore.get("recv_ts_us").asLong()).isLessThan(firstAfter.get("recv_ts_us").asLong());
                    assertThat(to).as(symbol + " gap ends at the resumed book").isGreaterThan(from)
                            .isLessThanOrEqualTo(firstAfter.get("recv_ts_us").asLong());
                }
            }
            // and the book after two moves equals the exchange's
            List<CSVRecord> frames = rows(file(day, "orderbook_ws_depth_"));
            CSVRecord last = frames.get(frames.size() - 1);
            TrueBook t = truth.get(e);
            for (int i = 1; i <= 10; i++) {
                assertThat(new BigDecimal(last.get("bid_px_" + i))).as(symbol + " bid_px_" + i).isEqualByComparingTo(t.bids().get(i - 1).price());
                assertThat(new BigDecimal(last.get("ask_qty_" + i))).as(symbol + " ask_qty_" + i).isEqualByComparingTo(t.asks().get(i - 1).qty());
            }
            assertThat(events.get(events.size() - 1).get("type")).isEqualTo("run_end");
        }
        for (DayReport r : ValidatorJob.run(days, 2)) {
            assertThat(r.framesEqual()).as(r.summary()).isTrue();
            assertThat(r.gapMismatches()).as(r.summary()).isEmpty();
            // Binance lost nothing and proved it; Kraken's recovery rows make its day one with gaps
            assertThat(r.status()).as(r.summary()).isEqualTo(r.dayDir().contains("/binance/") ? DayReport.Status.CLEAN : DayReport.Status.GAPS);
        }
        // and a reader of the files alone rebuilds every frame, through the checkpoint snapshots
        Recording.assertRebuiltFromTheFilesAlone(data);
    }
}
