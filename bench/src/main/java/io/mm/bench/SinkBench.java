package io.mm.bench;

import io.mm.core.contract.ContractFile;
import io.mm.core.contract.FileRecord;
import io.mm.jobs.record.Checkpoints;
import io.mm.jobs.record.RecordJobSettings;
import io.mm.sinks.day.DayFileSink;
import io.mm.sinks.day.DayFileSinkSettings;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/mm bench sink}: the day-file sink's own ceiling. A generator of the recorder's rows
 * ({@link SinkBenchRows}) feeds the exactly-once {@link DayFileSink} on a MiniCluster, checkpointing as the
 * recorder does; nothing else works on the rows. After the measured window the job stops with a savepoint (so
 * every row generated is committed), and the committed files are read back: gzip bytes per row per kind, and
 * the rows in the files against the rows generated.
 */
@Command(name = "sink", mixinStandardHelpOptions = true,
        description = "Rows/s per day-file kind the exactly-once day-file sink takes alone (generated recorder rows, checkpoints), "
                + "gzip MB/s and bytes per row, heap with N symbols open, checkpoint durations.")
public final class SinkBench implements Callable<Integer> {
    /** The collector of the whole heap: G1 Old Generation, MarkSweepCompact (serial), PS MarkSweep (parallel). */
    private static final java.util.regex.Pattern FULL_COLLECTOR = java.util.regex.Pattern.compile("Old Generation|MarkSweep");

    @Option(names = "--symbols", paramLabel = "N", description = "generated Binance symbols, each with its five day files open (default ${DEFAULT-VALUE})", converter = Counts.AtLeastOne.class)
    int symbols = 1000;

    @Mixin
    MeasuredWindow window = new MeasuredWindow();

    @Option(names = "--parallelism", paramLabel = "N", description = "generator and sink subtasks (default ${DEFAULT-VALUE})", converter = Counts.AtLeastOne.class)
    int parallelism = 1;

    @Option(names = "--rate", paramLabel = "X", description = "rows/s offered, all kinds together; 0 = as fast as the sink takes them (default ${DEFAULT-VALUE})", converter = Counts.RateOrZero.class)
    double rate = 0;

    @Option(names = "--checkpoint-interval", paramLabel = "S", description = "seconds between checkpoints, the recorder's BUFFER_FLUSH_INTERVAL_SEC "
            + "(default ${DEFAULT-VALUE})", converter = Counts.AtLeastOne.class)
    int checkpointSeconds = 10;

    @Option(names = "--fsync", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "force staged data, appends and commit logs to disk, as the recorder does by default (default on)")
    boolean fsync = true;

    @Option(names = "--generator-only", description = "rows into a discarding sink instead: what the generator and the keyBy alone reach")
    boolean generatorOnly;

    @Option(names = "--out", paramLabel = "DIR", description = "where day files and checkpoints go (must be empty; kept). Default: a temporary directory, "
            + "deleted afterwards unless --keep")
    Path out;

    @Option(names = "--keep", description = "keep the temporary directory")
    boolean keep;

    @Option(names = "--seed", paramLabel = "N", description = "market generator seed (default ${DEFAULT-VALUE})")
    long seed = 1;

    /**
     * What one run measured.
     *
     * @param windowRows   rows handed to the sink per kind during the measured window
     * @param sinkRows     rows the sink's writer counted during the window ({@code dayFileRows}); 0 with --generator-only
     * @param stagedBytes    bytes the writer staged during the window (uncompressed since the committer compresses) ({@code dayFileBytesStaged})
     * @param earlyStages  files staged before a checkpoint during the window (row limit or byte budget reached)
     * @param generated    rows handed to the sink per kind over the whole run
     * @param committed    the committed day files read back, per kind; empty with --generator-only
     * @param checkpoints  durations of the checkpoints completed during the window
     * @param cpu          cores busy during the window: this JVM's and everything else's on the machine
     */
    public record Result(int symbols, int parallelism, double offered, double seconds, Map<ContractFile, Long> windowRows, long sinkRows,
                         long stagedBytes, long earlyStages, Map<ContractFile, Long> generated,
                         Map<ContractFile, DayFileCensus.Kind> committed, long peakHeap, long heapAfterGc, long maxHeap,
                         List<Duration> checkpoints, double loadBefore, double loadAfter, CpuUse cpu, Path data) {

        long windowTotal() {
            return windowRows.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Kinds whose committed rows differ from the rows generated for them (nothing lost, nothing twice). */
        List<ContractFile> mismatches() {
            List<ContractFile> bad = new ArrayList<>();
            for (ContractFile k : ContractFile.values()) {
                long c = committed.containsKey(k) ? committed.get(k).rows() : 0;
                if (c != generated.getOrDefault(k, 0L)) {
                    bad.add(k);
                }
            }
            return bad;
        }
    }

    @Override
    public Integer call() throws Exception {
        Result r = measure();
        print(r);
        if (!generatorOnly && !r.mismatches().isEmpty()) {
            System.out.println("MISMATCH: committed rows differ from generated rows for " + r.mismatches());
            return 1;
        }
        return 0;
    }

    /** Runs the job, measures the window, stops with a savepoint and reads the committed files back. */
    Result measure() throws Exception {
        if (symbols < parallelism) {
            throw new IllegalArgumentException("--symbols " + symbols + " is fewer than --parallelism " + parallelism
                    + ": a generator subtask would have no symbol");
        }
        Path root = out != null ? emptyDir(out) : Files.createTempDirectory("mm-bench-sink");
        try {
            return run(root);
        } finally {
            if (out == null && !keep) {
                RecordBench.deleteQuietly(root);
            } else {
                System.out.println("day files and checkpoints kept in " + root);
            }
        }
    }

    private Result run(Path root) throws Exception {
        Path data = root.resolve("data");
        DayFileSinkSettings settings = DayFileSinkSettings.defaults(data.toString()).withFsync(fsync);
        CapturingReporter.METRICS.clear();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flinkConfiguration(root.resolve("checkpoints")));
        env.setParallelism(parallelism);
        DataGeneratorSource<FileRecord> source = new DataGeneratorSource<>(
                new SinkBenchRows(symbols, settings.depthLevels(), seed, RecordJobSettings.newRunId()), Long.MAX_VALUE,
                rate > 0 ? RateLimiterStrategy.perSecond(rate) : RateLimiterStrategy.noOp(), TypeInformation.of(FileRecord.class));
        KeyedStream<FileRecord, String> rows = env.fromSource(source, WatermarkStrategy.noWatermarks(), "recorder rows")
                .keyBy(SinkBench::owner);
        if (generatorOnly) {
            rows.sinkTo(new DiscardingSink<>()).name("discard");
        } else {
            rows.sinkTo(new DayFileSink(settings)).name("day files");
        }

        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "%,d symbols, p=%d, %s, checkpoints every %d s, fsync %s%s; warming up %d s (load average %.2f)%n",
                symbols, parallelism, rate > 0 ? String.format(Locale.ROOT, "%,.0f rows/s offered", rate) : "rows as fast as the sink takes them",
                checkpointSeconds, fsync ? "on" : "off", generatorOnly ? ", GENERATOR ONLY (discarding sink)" : "", window.warmup, loadBefore);
        JobClient job = env.executeAsync("mm bench: day-file sink alone");
        CompletableFuture<JobExecutionResult> done = job.getJobExecutionResult();
        Thread.sleep(window.warmup * 1000L);

        Map<ContractFile, List<Counter>> generators = new EnumMap<>(ContractFile.class);
        for (ContractFile k : SinkBenchRows.KINDS) {
            generators.put(k, awaitCounters(SinkBenchRows.counterName(k), parallelism, done));
        }
        List<Counter> sinkRows = generatorOnly ? List.of() : awaitCounters("dayFileRows", parallelism, done);
        List<Counter> staged = generatorOnly ? List.of() : awaitCounters("dayFileBytesStaged", parallelism, done);
        List<Counter> early = generatorOnly ? List.of() : awaitCounters("dayFileEarlyStages", parallelism, done);

        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        Map<ContractFile, Long> start = totals(generators);
        long rows0 = sum(sinkRows);
        long staged0 = sum(staged);
        long early0 = sum(early);
        long checkpointsSeen = gauge("numberOfCompletedCheckpoints");
        List<Duration> checkpoints = new ArrayList<>();
        long peakHeap = 0;
        CpuUse.Mark cpu0 = CpuUse.mark();
        long t0 = System.nanoTime();
        long end = t0 + window.seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            Thread.sleep(250);
            failIfEnded(done);
            peakHeap = Math.max(peakHeap, mem.getHeapMemoryUsage().getUsed());
            long completed = gauge("numberOfCompletedCheckpoints");
            if (completed > checkpointsSeen) {
                checkpoints.add(Duration.ofMillis(gauge("lastCheckpointDuration")));
                checkpointsSeen = completed;
            }
        }
        Map<ContractFile, Long> stop = totals(generators);
        double secs = (System.nanoTime() - t0) / 1e9;
        CpuUse cpu = CpuUse.since(cpu0, secs);
        long rows1 = sum(sinkRows);
        long staged1 = sum(staged);
        long early1 = sum(early);
        long heapAfterGc = heapAfterFullGc();
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        // a savepoint, then the end: every row handed to the sink is in a committed file
        job.stopWithSavepoint(true, Checkpoints.flinkPath(root.resolve("savepoints")), SavepointFormatType.CANONICAL).get(5, TimeUnit.MINUTES);
        done.get(5, TimeUnit.MINUTES);

        Map<ContractFile, Long> inWindow = new EnumMap<>(ContractFile.class);
        stop.forEach((k, v) -> inWindow.put(k, v - start.get(k)));
        Map<ContractFile, DayFileCensus.Kind> committed = generatorOnly ? Map.of() : DayFileCensus.count(data, settings.depthLevels());
        return new Result(symbols, parallelism, rate, secs, inWindow, rows1 - rows0, staged1 - staged0, early1 - early0, totals(generators),
                committed, peakHeap, heapAfterGc, mem.getHeapMemoryUsage().getMax(), checkpoints, loadBefore, loadAfter, cpu, data);
    }

    /**
     * The sink's key: {@code exchange/SYMBOL_FS}, the first two segments of the path. A day directory's commit
     * log belongs to one committer, so every file of a symbol (and each of its days) must reach the same sink
     * subtask; keying by the file alone would put one directory's files on two subtasks. The recorder gets the
     * same from keying its operator by {@code exchange:symbol} with the sink chained behind it.
     */
    static String owner(FileRecord r) {
        String p = r.path();
        int a = p.indexOf('/');
        int b = a < 0 ? -1 : p.indexOf('/', a + 1);
        if (b < 0) {
            throw new IllegalArgumentException("not a day-directory path: " + p);
        }
        return p.substring(0, b);
    }

    private Configuration flinkConfiguration(Path checkpoints) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(checkpointSeconds));
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, Checkpoints.flinkPath(checkpoints));
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        // a restart would replay generator state from a checkpoint and skew every figure: fail the run instead
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "disable");
        conf.setString("metrics.reporter.bench.factory.class", CapturingReporter.class.getName());
        return conf;
    }

    static void print(Result r) {
        double s = r.seconds();
        System.out.printf(Locale.ROOT, "measured %.1f s (load average %.2f before the run, %.2f after the window)%n", s, r.loadBefore(),
                r.loadAfter());
        System.out.printf(Locale.ROOT, "cores busy over the window: this JVM %.2f, other processes %s (of %d)%n", r.cpu().jvmCores(),
                Double.isNaN(r.cpu().otherCores()) ? "unknown (no /proc/stat)" : String.format(Locale.ROOT, "%.2f", r.cpu().otherCores()),
                Runtime.getRuntime().availableProcessors());
        System.out.println("| file kind | rows/s | gzip bytes per row | files | rows committed (whole run) |");
        System.out.println("|---|---|---|---|---|");
        for (ContractFile k : SinkBenchRows.KINDS) {
            DayFileCensus.Kind c = r.committed().get(k);
            System.out.printf(Locale.ROOT, "| `%s` | %,.0f | %s | %s | %s |%n", k.prefix(), r.windowRows().get(k) / s,
                    c == null ? "" : String.format(Locale.ROOT, "%.1f", c.bytesPerRow()), c == null ? "" : Long.toString(c.files()),
                    c == null ? "" : String.format(Locale.ROOT, "%,d", c.rows()));
        }
        long files = r.committed().values().stream().mapToLong(DayFileCensus.Kind::files).sum();
        long rows = r.committed().values().stream().mapToLong(DayFileCensus.Kind::rows).sum();
        long bytes = r.committed().values().stream().mapToLong(DayFileCensus.Kind::bytes).sum();
        System.out.printf(Locale.ROOT, "| total | **%,.0f** | %s | %s | %s |%n", r.windowTotal() / s,
                rows == 0 ? "" : String.format(Locale.ROOT, "%.1f", bytes / (double) rows), files == 0 ? "" : Long.toString(files),
                rows == 0 ? "" : String.format(Locale.ROOT, "%,d", rows));
        if (!r.committed().isEmpty()) {
            System.out.printf(Locale.ROOT, "sink writer: %,.0f rows/s in, %.2f MB/s staged (uncompressed: the committer compresses); %,d early stages in the window%n",
                    r.sinkRows() / s, r.stagedBytes() / s / 1e6, r.earlyStages());
            List<ContractFile> bad = r.mismatches();
            System.out.println(bad.isEmpty() ? "every row generated over the run is in the committed files, once per kind: "
                    + "rows committed = rows generated" : "MISMATCH between rows generated " + r.generated() + " and committed for " + bad);
        }
        System.out.printf(Locale.ROOT, "heap (generator + MiniCluster + sink, one JVM), %,d symbols open: peak %,d MiB (sampled every 250 ms), "
                + "%s (max %,d MiB)%n", r.symbols(), r.peakHeap() >> 20, r.heapAfterGc() < 0 ? "no full GC could run"
                : String.format(Locale.ROOT, "after a full GC %,d MiB", r.heapAfterGc() >> 20), r.maxHeap() >> 20);
        List<Duration> cps = r.checkpoints().stream().sorted().toList();
        if (cps.isEmpty()) {
            System.out.println("no checkpoint completed during the window");
        } else {
            System.out.printf(Locale.ROOT, "checkpoints completed in the window: %d, duration min %d ms, median %d ms, max %d ms%n", cps.size(),
                    cps.get(0).toMillis(), cps.get(cps.size() / 2).toMillis(), cps.get(cps.size() - 1).toMillis());
        }
    }

    private static Path emptyDir(Path dir) throws IOException {
        io.mm.core.config.StorageCheck.writableDirectory("--out", dir);
        try (Stream<Path> s = Files.list(dir)) {
            if (s.findAny().isPresent()) {
                // the sink refuses day files it did not write, and the count would include them
                throw new IllegalArgumentException("--out " + dir + " is not empty");
            }
        }
        return dir;
    }

    /** The counters of this name, one per subtask, once every subtask has registered its own. */
    private static List<Counter> awaitCounters(String name, int subtasks, CompletableFuture<?> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            List<Counter> found = new ArrayList<>();
            for (Map.Entry<String, Metric> e : CapturingReporter.METRICS.entrySet()) {
                if (e.getKey().endsWith("." + name) && e.getValue() instanceof Counter c) {
                    found.add(c);
                }
            }
            if (found.size() >= subtasks) {
                return found;
            }
            failIfEnded(done);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job registered " + found.size() + " of " + subtasks + " '" + name + "' counters in 120 s");
            }
            Thread.sleep(100);
        }
    }

    private static void failIfEnded(CompletableFuture<?> done) throws ExecutionException, InterruptedException {
        if (done.isDone()) {
            done.get(); // throws the job's failure
            throw new IllegalStateException("the job ended before the measurement did");
        }
    }

    private static Map<ContractFile, Long> totals(Map<ContractFile, List<Counter>> counters) {
        Map<ContractFile, Long> m = new EnumMap<>(ContractFile.class);
        counters.forEach((k, list) -> m.put(k, sum(list)));
        return m;
    }

    private static long sum(List<Counter> counters) {
        return counters.stream().mapToLong(Counter::getCount).sum();
    }

    /**
     * Heap in use after a full collection, or -1 if none could run. {@code System.gc()} alone is not enough
     * here: while a task thread is inside the Deflater (a JNI critical section) the request turns into a young
     * collection ("GCLocker Initiated GC") that leaves the old generation as it was, so it is retried until the
     * full collector has run, and the heap is read from that collection's own after-GC figures.
     */
    private static long heapAfterFullGc() throws InterruptedException {
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!(bean instanceof com.sun.management.GarbageCollectorMXBean full) || !FULL_COLLECTOR.matcher(bean.getName()).find()) {
                continue;
            }
            for (int attempt = 0; attempt < 100; attempt++) {
                long before = full.getCollectionCount();
                System.gc();
                if (full.getCollectionCount() > before && full.getLastGcInfo() != null) {
                    long used = 0;
                    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                        MemoryUsage after = full.getLastGcInfo().getMemoryUsageAfterGc().get(pool.getName());
                        if (pool.getType() == MemoryType.HEAP && after != null) {
                            used += after.getUsed();
                        }
                    }
                    return used;
                }
                Thread.sleep(20);
            }
        }
        return -1;
    }

    /** A job-level gauge of the JobManager (the MiniCluster runs one job); 0 until it is registered. */
    private static long gauge(String name) {
        for (Map.Entry<String, Metric> e : CapturingReporter.METRICS.entrySet()) {
            if (e.getKey().contains(".jobmanager.") && e.getKey().endsWith("." + name) && e.getValue() instanceof Gauge<?> g
                    && g.getValue() instanceof Number n) {
                return n.longValue();
            }
        }
        return 0;
    }
}
