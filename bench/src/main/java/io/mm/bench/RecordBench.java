package io.mm.bench;

import io.mm.core.Exchange;
import io.mm.core.config.SettingsReader;
import io.mm.jobs.record.Checkpoints;
import io.mm.jobs.record.RecordJobSettings;
import io.mm.jobs.record.RecorderJob;
import io.mm.simulator.Simulator;
import io.mm.simulator.SimulatorStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/mm bench record}: the recorder job on a MiniCluster, checkpointing every 10 s, fed by the
 * in-process simulator over loopback WebSockets: messages/s it keeps up with, heap, and the exchange-to-frame
 * latency its own metric measures (the exchange's event time to the book frame being written).
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Messages/s end to end from the simulator through the recorder job (checkpoints every 10 s), heap, and "
                + "p50/p99 exchange-to-frame latency. Other recorder settings (GZIP_LEVEL, SINK_FSYNC, DEPTH_LEVELS, ...) are read from the "
                + "environment as bin/mm record reads them.")
public final class RecordBench implements Callable<Integer> {
    private static final String JOB_NAME = "mm recorder benchmark";

    @Option(names = "--symbols", paramLabel = "N", description = "symbols, spread over the exchanges (default ${DEFAULT-VALUE})", converter = Counts.AtLeastOne.class)
    int symbols = 10;

    @Option(names = "--rate", paramLabel = "X", description = "simulator steps per second per symbol (default ${DEFAULT-VALUE})", converter = Counts.PositiveRate.class)
    double rate = 1000;

    @Option(names = "--exchanges", paramLabel = "EXCHANGE", split = ",", description = "exchanges (default binance,kraken,bitfinex)")
    List<String> exchanges = List.of("binance", "kraken", "bitfinex");

    @Mixin
    MeasuredWindow window = new MeasuredWindow();

    @Option(names = "--parallelism", paramLabel = "N", description = "job parallelism (default ${DEFAULT-VALUE})", converter = Counts.AtLeastOne.class)
    int parallelism = 2;

    @Option(names = "--timeline", description = "also print, at every read of the latency histograms (every 250 ms with this option, more often above 1,600 steps/s), the frame latencies since the last read, the checkpoints completed and how long the day-file writers waited for their staging threads, to see when the tail happens and why")
    boolean timeline;

    @Option(names = "--keep-data", description = "keep the run's data directory (day files, ledgers, symbol logs) and print where it is, to read its gap rows afterwards")
    boolean keepData;

    /**
     * How often the latency histograms are read: a symbol's 1,024 values must not be overwritten in between, with room
     * for a symbol receiving 2.5 values per step; never less often than every {@code mostMillis}, nor more than every
     * 20 ms. Each read copies every symbol's 1,024 values (500 symbols: 0.06 cores at four reads a second, CPU the
     * recorder under test then lacks), so the measured window reads once a second and only a timeline reads more.
     */
    static long sampleMillis(double stepsPerSecond, long mostMillis) {
        return Math.max(20, Math.min(mostMillis, (long) (1024_000 / (2.5 * Math.max(stepsPerSecond, 1)))));
    }

    @Override
    public Integer call() throws Exception {
        List<Exchange> ex = exchanges.stream().map(Exchange::parse).toList();
        HostSpeed.deflateMillis(); // once to warm them up
        HostSpeed.memoryNanos();
        double deflateBefore = HostSpeed.deflateMillis();
        double memoryBefore = HostSpeed.memoryNanos();
        Simulator.Builder b = Simulator.builder().rate(rate).seed(1).tradeLog(10_000).exchanges(java.util.EnumSet.copyOf(ex));
        Map<Exchange, Integer> per = new HashMap<>();
        for (int i = 0; i < symbols; i++) {
            per.merge(ex.get(i % ex.size()), 1, Integer::sum);
        }
        per.forEach(b::syntheticSymbols);
        Path dir = Files.createTempDirectory("mm-bench-record");
        JobClient unstopped = null;
        CapturingReporter.METRICS.clear();
        try (Simulator sim = b.build().start()) {
            List<String> list = new ArrayList<>();
            for (Exchange e : ex) {
                sim.symbols(e).forEach(s -> list.add(e.id() + ":" + s));
            }
            // the recorder's other settings (GZIP_LEVEL, SINK_FSYNC, DEPTH_LEVELS, ...) come from the environment, as for
            // bin/mm record; the symbols, URLs, data directory and parallelism are the benchmark's
            Map<String, String> env = new HashMap<>(System.getenv());
            env.putAll(sim.urls().environment());
            env.put("SYMBOL", String.join(",", list));
            env.put("DATA_DIR", dir.resolve("data").toString());
            env.putIfAbsent("BUFFER_FLUSH_INTERVAL_SEC", "10");
            env.put("PARALLELISM", Integer.toString(parallelism));
            env.putIfAbsent("LIVE_STREAM", "0");
            RecordJobSettings c = RecordJobSettings.from(new SettingsReader(env), RecordJobSettings.newRunId(), System.currentTimeMillis());
            Configuration conf = RecorderJob.flinkConfiguration(c);
            conf.setString("metrics.reporter.bench.factory.class", CapturingReporter.class.getName());
            StreamExecutionEnvironment senv = StreamExecutionEnvironment.createLocalEnvironment(conf);
            senv.setParallelism(parallelism);
            RecorderJob.build(senv, c);
            JobClient job = senv.executeAsync(JOB_NAME);
            unstopped = job;
            long started = System.nanoTime();
            System.out.printf(Locale.ROOT, "%d symbols (%s), %.0f steps/s each, p=%d, checkpoints every 10 s; waiting for every book to be SYNCED%n", symbols, per,
                    rate, parallelism);
            // a cold start queues hundreds of Binance snapshots on the REST weight budget: frames of a symbol still
            // syncing carry the wait, which is not the steady state this measures
            long syncStart = System.nanoTime();
            int synced;
            while ((synced = syncedSymbols()) < symbols && System.nanoTime() - syncStart < 600_000_000_000L) {
                Thread.sleep(500);
            }
            System.out.printf(Locale.ROOT, "%d of %d books SYNCED after %.1f s%n", synced, symbols, (System.nanoTime() - started) / 1e9);
            // the cold start's backlog (everything received while 500 books synced) is still being compressed and committed
            // long after: until the committer keeps up, every checkpoint completes late and stalls the pipeline, which
            // is the cold start, not the steady state measured here
            CatchUp catchUp = awaitCommitterCaughtUp(dir.resolve("data"), parallelism);
            System.out.printf(Locale.ROOT, "%s after %.1f s (%d staging files were waiting at most); warming up %d s more%n",
                    catchUp.caughtUp() ? "committer caught up" : "COMMITTER STILL BEHIND (measuring anyway: the job does not keep up)",
                    (System.nanoTime() - started) / 1e9, catchUp.mostWaiting(), window.warmup);
            Thread.sleep(window.warmup * 1000L);
            MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
            SimulatorStats s0 = sim.stats();
            long m0 = sum("messages");
            long f0 = sum("frames");
            long g0 = sum("gaps");
            long r0 = sum("resyncs");
            long w0 = taskSum("dayFileStagingWaitMs");
            long e0 = taskSum("dayFileEarlyStages");
            long cr0 = taskSum("dayFileCommitRounds");
            long cm0 = taskSum("dayFileCommitMs");
            long cs0 = taskSum("dayFileSyncMs");
            long wLast = w0;
            WindowLatencies frameLatency = new WindowLatencies("exchangeToFrameLatencyUs", CapturingReporter.METRICS);
            WindowLatencies receiveLatency = new WindowLatencies("exchangeToReceiveLatencyUs", CapturingReporter.METRICS);
            long t0 = System.nanoTime();
            long peakHeap = 0;
            TaskTimes times = new TaskTimes(JOB_NAME);
            ThreadCpu cpu = new ThreadCpu();
            // a symbol's histograms keep its last 1,024 values: read them often enough to see every one (a Kraken or
            // Bitfinex symbol writes a frame per step, and receives trades besides), once a second at least
            long sampleMillis = sampleMillis(rate, timeline ? 250 : 1000);
            long nextSecond = t0 + 1_000_000_000L;
            for (long end = t0 + window.seconds * 1_000_000_000L; System.nanoTime() < end; ) {
                Thread.sleep(sampleMillis);
                frameLatency.sample(CapturingReporter.METRICS);
                receiveLatency.sample(CapturingReporter.METRICS);
                if (timeline) {
                    long w = taskSum("dayFileStagingWaitMs");
                    System.out.printf(Locale.ROOT, "uptime %8.2f s  frames: %s  checkpoints: %s  writers waited for staging: %d ms%n",
                            ManagementFactory.getRuntimeMXBean().getUptime() / 1e3, frameLatency.lastSample(), gauge("numberOfCompletedCheckpoints"), w - wLast);
                    wLast = w;
                }
                if (System.nanoTime() >= nextSecond) {
                    nextSecond += 1_000_000_000L;
                    peakHeap = Math.max(peakHeap, mem.getHeapMemoryUsage().getUsed());
                    times.sample(CapturingReporter.METRICS);
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            SimulatorStats s1 = sim.stats();
            long m1 = sum("messages");
            String cpuReport = cpu.report(m1 - m0);
            long f1 = sum("frames");
            long gaps = sum("gaps") - g0;
            long resyncs = sum("resyncs") - r0;
            long stagingWait = taskSum("dayFileStagingWaitMs") - w0;
            long earlyStages = taskSum("dayFileEarlyStages") - e0;
            long commitRounds = taskSum("dayFileCommitRounds") - cr0;
            long commitMs = taskSum("dayFileCommitMs") - cm0;
            long syncMs = taskSum("dayFileSyncMs") - cs0;
            long dropped = taskSum("wsFramesDropped"); // read while the job runs: its metrics go when it stops
            long[] latency = frameLatency.sorted(null);
            long[] receive = receiveLatency.sorted(null);
            StringBuilder perExchange = new StringBuilder();
            for (Exchange e : ex) {
                long[] fl = frameLatency.sorted(e.id());
                long[] rl = receiveLatency.sorted(e.id());
                perExchange.append(String.format(Locale.ROOT, "  %-8s frame p50 %.1f / p99 %.1f ms, receive p50 %.1f / p99 %.1f ms (%,d frames)%n", e.id(),
                        quantile(fl, 0.5) / 1000.0, quantile(fl, 0.99) / 1000.0, quantile(rl, 0.5) / 1000.0, quantile(rl, 0.99) / 1000.0, fl.length));
            }
            System.gc();
            long heapAfterGc = mem.getHeapMemoryUsage().getUsed();
            job.stopWithSavepoint(true, Checkpoints.flinkPath(dir.resolve("savepoints")), SavepointFormatType.CANONICAL).get(5, TimeUnit.MINUTES);
            job.getJobExecutionResult().get(5, TimeUnit.MINUTES);
            unstopped = null;
            double deflateAfter = HostSpeed.deflateMillis();
            double memoryAfter = HostSpeed.memoryNanos();
            System.out.printf(Locale.ROOT, "messages/s sent by the simulator: %,.0f%n", (s1.messages() - s0.messages()) / secs);
            System.out.printf(Locale.ROOT, "messages/s recorded:              %,.0f (%,.0f book frames/s)%n", (m1 - m0) / secs, (f1 - f0) / secs);
            System.out.printf(Locale.ROOT, "exchange-to-frame latency:        p50 %.1f ms, p99 %.1f ms (every frame written while measured: %,d)%n",
                    quantile(latency, 0.5) / 1000.0, quantile(latency, 0.99) / 1000.0, latency.length);
            System.out.printf(Locale.ROOT, "exchange-to-receive latency:      p50 %.1f ms, p99 %.1f ms%n", quantile(receive, 0.5) / 1000.0,
                    quantile(receive, 0.99) / 1000.0);
            if (frameLatency.missed() > 0) {
                System.out.printf(Locale.ROOT, "  (%,d frames' latencies were overwritten before they were read: a symbol wrote over 1,024 frames in %d ms)%n",
                        frameLatency.missed(), sampleMillis);
            }
            System.out.print(perExchange);
            times.print(System.out);
            System.out.print(cpuReport);
            System.out.printf(Locale.ROOT, "host speed (one core, nothing else running), before / after the run: deflate 8 MiB of rows %.0f / %.0f ms,"
                    + " a read from memory %.0f / %.0f ns%n", deflateBefore, deflateAfter, memoryBefore, memoryAfter);
            System.out.printf(Locale.ROOT, "gaps / resyncs while measured:    %,d / %,d%n", gaps, resyncs);
            System.out.printf(Locale.ROOT, "day-file writers while measured:  %,d early stages; waited %,d ms in all for their staging threads%n",
                    earlyStages, stagingWait);
            System.out.printf(Locale.ROOT, "day-file commits while measured:  %,d rounds, %,.0f ms each on average (%s); %,d ms in forces and syncs%n",
                    commitRounds, commitRounds == 0 ? 0.0 : (double) commitMs / commitRounds,
                    c.sink.fsync() ? (c.sink.fsyncFileSystem() ? "fsync scope filesystem" : "fsync scope files") : "no fsync", syncMs);
            System.out.printf(Locale.ROOT, "heap (simulator + job, one JVM):  peak %,d MiB, after GC %,d MiB (max %,d MiB)%n", peakHeap >> 20,
                    heapAfterGc >> 20, mem.getHeapMemoryUsage().getMax() >> 20);
            fileKinds(dir.resolve("data"), c.sink.depthLevels(), (System.nanoTime() - started) / 1e9);
            gapsAndRefusals(dir.resolve("data"), sim.stats());
            System.out.printf(Locale.ROOT, "frames dropped by the sources' hand-off queues up to the end of measuring: %,d%n", dropped);
        } finally {
            if (unstopped != null) {
                // the benchmark failed with the job running: stop it before its directory goes
                try {
                    unstopped.cancel().get(1, TimeUnit.MINUTES);
                    unstopped.getJobExecutionResult().handle((r, t) -> null).get(1, TimeUnit.MINUTES);
                } catch (Exception e) {
                    System.err.println("could not cancel the benchmark's job: " + e);
                }
            }
            if (keepData) {
                System.out.println("data directory kept: " + dir.resolve("data"));
            } else {
                deleteQuietly(dir);
            }
        }
        return 0;
    }

    /** Gap rows of the whole run by kind (cold start included), and any REST request the simulator refused. */
    private static void gapsAndRefusals(Path data, SimulatorStats stats) throws java.io.IOException {
        Map<String, DayFileCensus.GapKind> gaps = DayFileCensus.gapRows(data);
        System.out.printf(Locale.ROOT, "gap rows over the whole run:      %s%n", gaps.isEmpty() ? "none" : "");
        gaps.forEach((kind, g) -> System.out.printf(Locale.ROOT, "  %-10s %,6d (first: %s)%n", kind, g.rows(), g.example()));
        stats.exchanges().forEach((e, p) -> {
            if (p.restRateLimited() > 0 || p.restBanned() > 0) {
                System.out.printf(Locale.ROOT, "REST REFUSED by the %s simulator: %,d x 429 (rate limited), %,d x 418 (IP banned)%n", e.id(),
                        p.restRateLimited(), p.restBanned());
            }
        });
        long refused = stats.exchanges().values().stream().mapToLong(p -> p.restRateLimited() + p.restBanned()).sum();
        if (refused == 0) {
            System.out.println("REST requests refused (429/418):  none");
        }
    }

    /** Rows and compressed bytes per row of every day-file kind the run committed (the whole run, warm-up included). */
    private static void fileKinds(Path data, int depthLevels, double runSeconds) throws java.io.IOException {
        System.out.printf(Locale.ROOT, "committed day files over the whole run (%.0f s):%n", runSeconds);
        DayFileCensus.count(data, depthLevels).forEach((kind, k) -> System.out.printf(Locale.ROOT,
                "  %-22s %4d files %,12d rows %,10.0f rows/s %6.1f bytes/row (gzip)%n", kind.prefix(), k.files(), k.rows(),
                k.rows() / runSeconds, k.rows() == 0 ? 0.0 : k.bytesPerRow()));
    }

    /**
     * Waits until no more than one sealed staging file per subtask has been waiting for its commit for 12 s on end
     * (longer than a checkpoint interval), at most 10 minutes; returns the most seen waiting.
     */
    static CatchUp awaitCommitterCaughtUp(Path data, int parallelism) throws InterruptedException {
        long deadline = System.nanoTime() + 600_000_000_000L;
        int most = 0;
        int calm = 0;
        while (calm < 24 && System.nanoTime() < deadline) {
            int waiting = sealedStagingFiles(data);
            most = Math.max(most, waiting);
            calm = waiting >= 0 && waiting <= parallelism ? calm + 1 : 0;
            Thread.sleep(500);
        }
        return new CatchUp(calm >= 24, most);
    }

    /** Whether the committer caught up, and the most sealed staging files seen waiting meanwhile. */
    record CatchUp(boolean caughtUp, int mostWaiting) {}

    /** Sealed staging files (a checkpoint's rows, not yet committed), or -1 if they changed while counted. */
    static int sealedStagingFiles(Path data) {
        Path staging = data.resolve(".staging");
        if (!Files.isDirectory(staging)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(staging, 2)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".stage")).count();
        } catch (IOException | UncheckedIOException e) {
            return -1; // a file committed and deleted while walking
        }
    }

    /** Symbols whose {@code syncState} gauge says SYNCED. */
    private static int syncedSymbols() {
        int n = 0;
        for (Map.Entry<String, Metric> e : CapturingReporter.METRICS.entrySet()) {
            if (e.getKey().endsWith(".syncState") && e.getValue() instanceof org.apache.flink.metrics.Gauge<?> g
                    && Integer.valueOf(io.mm.core.sync.SyncState.SYNCED.code()).equals(g.getValue())) {
                n++;
            }
        }
        return n;
    }

    /** The first gauge of that name (a job-level one: there is one job). */
    private static Object gauge(String name) {
        for (Map.Entry<String, Metric> e : CapturingReporter.METRICS.entrySet()) {
            if (e.getKey().endsWith("." + name) && e.getValue() instanceof org.apache.flink.metrics.Gauge<?> g) {
                return g.getValue();
            }
        }
        return "?";
    }

    /** A per-symbol counter summed over every symbol. */
    private static long sum(String name) {
        return counterSum(name, true);
    }

    /** A counter summed over every subtask that reports it (the day-file writers' own, not per symbol). */
    private static long taskSum(String name) {
        return counterSum(name, false);
    }

    private static long counterSum(String name, boolean perSymbol) {
        long total = 0;
        for (Map.Entry<String, Metric> e : CapturingReporter.METRICS.entrySet()) {
            if ((!perSymbol || e.getKey().contains(".symbol.")) && e.getKey().endsWith("." + name) && e.getValue() instanceof Counter c) {
                total += c.getCount();
            }
        }
        return total;
    }

    private static double quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    /** A temp directory left behind is not worth failing the report. */
    static void deleteQuietly(Path dir) {
        FileUtils.deleteQuietly(dir.toFile());
    }
}
