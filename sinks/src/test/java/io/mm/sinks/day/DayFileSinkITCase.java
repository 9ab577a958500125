package io.mm.sinks.day;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.contract.FileRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink under real failures on a MiniCluster (2 TaskManagers, 1 slot each): a task that throws mid-run,
 * and a TaskManager killed mid-run. Every committed file must be a valid gzip holding each row exactly once,
 * in order, with one header; snapshot files appear once; no staged data is left behind.
 */
class DayFileSinkITCase {
    private static final int ROWS = 12_000;
    private static final int SYMBOLS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension MINI = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(2).setNumberSlotsPerTaskManager(1).build());

    @TempDir
    Path data;

    static final AtomicBoolean FAILED = new AtomicBoolean();

    static String day(long i) {
        return i < ROWS / 2 ? "20240101" : "20240102";
    }

    static String sym(long i) {
        return "SYM" + (i % SYMBOLS);
    }

    /** The rows one generated number turns into. */
    static final class Rows implements FlatMapFunction<Long, FileRecord> {
        @Override
        public void flatMap(Long i, Collector<FileRecord> out) {
            String dir = "binance/" + sym(i) + "/" + day(i) + "/";
            String f = sym(i) + "_" + day(i);
            out.collect(new FileRecord(dir + "trades_ws_" + f + ".csv.gz", FileRecord.APPEND,
                    (i + "," + i * 7 + ",x\n").getBytes(StandardCharsets.UTF_8)));
            out.collect(new FileRecord(dir + "diffs/depth_diffs_" + f + ".ndjson.gz", FileRecord.APPEND,
                    ("{\"recv_seq\":" + i + "}\n").getBytes(StandardCharsets.UTF_8)));
            out.collect(new FileRecord(dir + "live/live_trades.ndjson", FileRecord.LIVE,
                    ("{\"recv_seq\":" + i + ",\"attempt\":0}\n").getBytes(StandardCharsets.UTF_8)));
            if (i % 1000 == 0) {
                out.collect(new FileRecord(dir + "snapshots/snapshot_" + i + "_initial.json", FileRecord.WHOLE_FILE,
                        ("{\"lastUpdateId\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    static final class FailOnce implements MapFunction<Long, Long> {
        @Override
        public Long map(Long i) {
            if (i == ROWS / 2 + 17 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected task failure at row " + i);
            }
            return i;
        }
    }

    private StreamExecutionEnvironment env() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(200);
        return env;
    }

    private void pipeline(StreamExecutionEnvironment env, int rate, boolean failOnce) {
        org.apache.flink.streaming.api.datastream.DataStream<Long> stream = env.fromSource(new DataGeneratorSource<>(i -> i, ROWS, RateLimiterStrategy.perSecond(rate), Types.LONG),
                WatermarkStrategy.noWatermarks(), "rows");
        if (failOnce) {
            stream = stream.map(new FailOnce());
        }
        DayFileSinkSettings s = DayFileSinkSettings.defaults(data.toString()).withBuffers(700, 700, 64L << 20).withFsync(false);
        stream.keyBy(i -> i % SYMBOLS).flatMap(new Rows()).sinkTo(new DayFileSink(s));
    }

    @Test
    void aTaskFailureMidRunLosesAndDuplicatesNothing() throws Exception {
        FAILED.set(false);
        StreamExecutionEnvironment env = env();
        pipeline(env, 4000, true);
        env.execute("day-file-sink-task-failure");
        assertThat(FAILED).isTrue();
        verify();
    }

    @Test
    void aTaskManagerKilledMidRunLosesAndDuplicatesNothing(@InjectMiniCluster MiniCluster cluster) throws Exception {
        StreamExecutionEnvironment env = env();
        pipeline(env, 1500, false);
        JobClient job = env.executeAsync("day-file-sink-tm-kill");
        JobID id = job.getJobID();
        // wait until the first day files are committed, then kill a TaskManager and start a fresh one
        waitFor(() -> countFiles(".csv.gz") >= SYMBOLS, 30);
        cluster.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
        cluster.startTaskManager();
        CompletableFuture<?> done = job.getJobExecutionResult();
        done.get(120, TimeUnit.SECONDS);
        assertThat(cluster.getJobStatus(id).get().isGloballyTerminalState()).isTrue();
        // the killed attempt may have staged a checkpoint that never completed: an orphan for the janitor
        StagingJanitor.sweep(data, 0, System.currentTimeMillis() + 1);
        verify();
    }

    private void verify() throws Exception {
        for (int s = 0; s < SYMBOLS; s++) {
            for (String day : List.of("20240101", "20240102")) {
                String f = "SYM" + s + "_" + day;
                Path dir = data.resolve("binance/SYM" + s + "/" + day);
                List<Long> expected = new ArrayList<>();
                for (long i = 0; i < ROWS; i++) {
                    if (sym(i).equals("SYM" + s) && day(i).equals(day)) {
                        expected.add(i);
                    }
                }
                List<String> trades = GzipFiles.lines(dir.resolve("trades_ws_" + f + ".csv.gz"));
                assertThat(trades.get(0)).startsWith("recv_ts_us,recv_seq,");
                assertThat(trades.subList(1, trades.size()).stream().map(l -> Long.parseLong(l.split(",")[0])).toList())
                        .as("trades of %s: every row once, in order", f).isEqualTo(expected);
                List<String> diffs = GzipFiles.lines(dir.resolve("diffs/depth_diffs_" + f + ".ndjson.gz"));
                assertThat(diffs.stream().map(l -> Long.parseLong(l.replaceAll("\\D", ""))).toList()).isEqualTo(expected);
                for (long i : expected) {
                    if (i % 1000 == 0) {
                        assertThat(dir.resolve("snapshots/snapshot_" + i + "_initial.json")).hasContent("{\"lastUpdateId\":" + i + "}");
                    }
                }
                // live files are at-least-once: everything is there, possibly more than once; a restarted writer moves
                // the file it found aside (live_trades.<time>.ndjson) and starts a new one
                List<String> live = new ArrayList<>();
                try (var files = Files.newDirectoryStream(dir.resolve("live"), "live_trades*.ndjson")) {
                    for (Path lf : files) {
                        live.addAll(Files.readAllLines(lf));
                    }
                }
                assertThat(live.stream().map(l -> Long.parseLong(l.replaceAll(".*\"recv_seq\":(\\d+).*", "$1"))).distinct().sorted()
                        .toList()).isEqualTo(expected);
            }
        }
        // a failure between a checkpoint's staging and its completion orphans that checkpoint's staged file, one a subtask,
        // which the janitor removes once older than the orphan age; nothing staged for a completed checkpoint is left
        assertThat(countFiles(".stage")).as("staged data left behind").isLessThanOrEqualTo(2);
        // Python's gzip/csv/json read every file
        JsonNode py = JSON.readTree(PythonReader.readAll(data));
        int csv = 0;
        for (var e : py.properties()) {
            if (e.getKey().endsWith(".csv.gz")) {
                csv++;
                assertThat(e.getValue().get("header").get(0).asText()).isEqualTo("recv_ts_us");
                // ROWS / 2 rows per day, spread evenly over the symbols
                assertThat(e.getValue().get("rows").asInt()).as(e.getKey()).isEqualTo(ROWS / 2 / SYMBOLS);
            }
        }
        assertThat(csv).isEqualTo(SYMBOLS * 2);
    }

    private long countFiles(String suffix) {
        try (Stream<Path> s = Files.walk(data)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return 0; // a commit renamed a file under the walk (.commit.tmp): counted again at the next poll
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier c, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + seconds + " s");
            }
            Thread.sleep(50);
        }
    }
}
