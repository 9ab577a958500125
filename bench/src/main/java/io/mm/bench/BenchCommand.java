package io.mm.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.mm.core.contract.FileRecord;
import io.mm.core.feed.Json;
import io.mm.core.feed.RawFrame;
import io.mm.operators.RecorderSettings;
import io.mm.operators.book.BookSyncOperatorFactory;
import io.mm.operators.types.RawFrameTypeInfo;
import io.mm.sinks.day.DayFileSink;
import io.mm.sinks.day.DayFileSinkSettings;
import io.mm.validator.DayReport;
import io.mm.validator.ValidatorJob;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/mm bench ...}: end-to-end measurements whose figures go to docs/benchmarks.md. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "End-to-end benchmarks (figures for docs/benchmarks.md).",
        subcommands = {BenchCommand.Validate.class, RecordBench.class, SinkBench.class, CombineBench.class, RelayBench.class, MetricsBench.class,
                ServeStartBench.class, io.mm.simulator.bench.SimulatorBenchCommand.class})
public final class BenchCommand implements Runnable {

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    /**
     * A directory a bench writes, proved writable before any work: a job writing where it cannot would restart for
     * good. Throws a one-line {@link IllegalArgumentException} naming {@code --dir} otherwise.
     */
    static Path checked(Path dir) {
        io.mm.core.config.StorageCheck.writableDirectory("--dir", dir);
        return dir;
    }

    /** A generated Binance day recorded by the recorder, then validated; beside the floor of the same harness. */
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Record a generated Binance day (operator + exactly-once sink), then measure: the floor (gunzip + JSON parse "
                    + "of its diffs) and bin/mm validate end to end.")
    public static final class Validate implements Callable<Integer> {
        @Option(names = "--updates", paramLabel = "N", description = "depth updates in the day (default 1000000)", converter = Counts.AtLeastOneLong.class)
        long updates = 1_000_000;

        @Option(names = "--dir", paramLabel = "DIR", description = "where the day is written (default a temp directory)")
        Path dir;

        @Option(names = "--seed", paramLabel = "N", description = "generator seed (default 1)")
        long seed = 1;

        @Override
        public Integer call() throws Exception {
            Path root = dir != null ? checked(dir) : Files.createTempDirectory("mm-bench-validate");
            System.out.printf(Locale.ROOT, "recording %,d synthetic Binance updates into %s%n", updates, root);
            long t0 = System.nanoTime();
            record(root);
            double recordS = (System.nanoTime() - t0) / 1e9;
            List<Path> days = ValidatorJob.findDays(root);
            Path diffs;
            try (var s = Files.list(days.get(0).resolve("diffs"))) {
                diffs = s.findFirst().orElseThrow();
            }
            System.out.printf(Locale.ROOT, "recorded in %.1f s (%,.0f updates/s through operator + sink); diffs file %,d bytes%n", recordS,
                    updates / recordS, Files.size(diffs));

            // the floor, twice (the first run warms the JVM): in process, and as a Flink BATCH job like the validator's
            floor(diffs);
            long f0 = System.nanoTime();
            long lines = floor(diffs);
            double floorS = (System.nanoTime() - f0) / 1e9;
            floorJob(diffs);
            long j0 = System.nanoTime();
            floorJob(diffs);
            double floorJobS = (System.nanoTime() - j0) / 1e9;

            ValidatorJob.run(days, 1); // warm-up
            long v0 = System.nanoTime();
            List<DayReport> reports = ValidatorJob.run(days, 1);
            double validateS = (System.nanoTime() - v0) / 1e9;
            DayReport r = reports.get(0);

            double floorRate = lines / floorS;
            double floorJobRate = lines / floorJobS;
            double rate = r.diffs() / validateS;
            System.out.println(r.summary());
            System.out.printf(Locale.ROOT, "| floor in process: gunzip + JSON parse | %,d | %.2f s | %,.0f diffs/s | %.0f%% |%n", lines, floorS,
                    floorRate, 100 * rate / floorRate);
            System.out.printf(Locale.ROOT, "| floor as a Flink BATCH job (FileSource, gunzip + JSON parse, p=1) | %,d | %.2f s | %,.0f diffs/s | %.0f%% |%n",
                    lines, floorJobS, floorJobRate, 100 * rate / floorJobRate);
            System.out.printf(Locale.ROOT, "| bin/mm validate (replay + compare, BATCH, p=1) | %,d | %.2f s | %,.0f diffs/s | |%n",
                    r.diffs(), validateS, rate);
            return r.exitCode();
        }

        private void record(Path root) throws Exception {
            Configuration conf = new Configuration();
            conf.set(PipelineOptions.GENERIC_TYPES, false);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(1);
            env.enableCheckpointing(10_000);
            RecorderSettings settings = RecorderSettings.defaults("bench").withWindow("UTC", "00:00", "23:59", "0")
                    .withOutputs(20, true, false).withTelemetry(0, 0)
                    .withClock("start=2024-01-01T10:00:00Z,speed=1", System.currentTimeMillis());
            long n = updates + 1;
            long s = seed;
            DataGeneratorSource<RawFrame> source = new DataGeneratorSource<>(new Frames(s, updates), n,
                    RateLimiterStrategy.noOp(), RawFrameTypeInfo.INSTANCE);
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "synthetic binance")
                    .keyBy(RawFrame::key)
                    .transform("book-sync", TypeInformation.of(FileRecord.class), new BookSyncOperatorFactory(settings, new BenchSnapshots(s)))
                    .sinkTo(new DayFileSink(DayFileSinkSettings.defaults(root.toString()).withFsync(false)));
            env.execute("mm bench: record a synthetic day");
        }

        /** The generator as a Flink generator function: the index is ignored, the stream is sequential. */
        static final class Frames implements GeneratorFunction<Long, RawFrame> {
            private final long seed;
            private final long updates;
            private transient SyntheticBinance gen;

            Frames(long seed, long updates) {
                this.seed = seed;
                this.updates = updates;
            }

            @Override
            public RawFrame map(Long index) {
                if (gen == null) {
                    gen = new SyntheticBinance(seed, updates);
                }
                return gen.next();
            }
        }

        /** The floor through the validator's harness: a BATCH job that gunzips and parses every line, nothing else. */
        static void floorJob(Path diffs) throws Exception {
            Configuration conf = new Configuration();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setRuntimeMode(org.apache.flink.api.common.RuntimeExecutionMode.BATCH);
            env.setParallelism(1);
            FileSource<String> lines = FileSource.forRecordStreamFormat(new TextLineInputFormat(),
                    new org.apache.flink.core.fs.Path(diffs.toUri())).build();
            env.fromSource(lines, WatermarkStrategy.noWatermarks(), "diffs").map(ParseAll::tokens).returns(Long.class)
                    .sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>());
            env.execute("mm bench: floor");
        }

        /** Every JSON token of a line. */
        static final class ParseAll {
            private static final com.fasterxml.jackson.core.JsonFactory JSON = Json.FRAMES;

            static long tokens(String line) throws IOException {
                long n = 0;
                try (JsonParser p = JSON.createParser(line)) {
                    while (p.nextToken() != null) {
                        n++;
                    }
                }
                return n;
            }
        }

        /** gunzip and parse every JSON token of every line: the least any replay must do. */
        static long floor(Path diffs) throws IOException {
            long n = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(diffs), 1 << 16),
                    StandardCharsets.UTF_8), 1 << 16)) {
                String line;
                while ((line = r.readLine()) != null) {
                    try (JsonParser p = Json.FACTORY.createParser(line)) {
                        while (p.nextToken() != null) {
                            if (p.currentToken() == JsonToken.VALUE_STRING) {
                                p.getTextLength();
                            }
                        }
                    }
                    n++;
                }
            }
            return n;
        }
    }
}
