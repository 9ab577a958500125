package io.mm.jobs.record;

import io.mm.core.Exchange;
import io.mm.core.contract.FileRecord;
import io.mm.core.feed.RawFrame;
import io.mm.operators.book.BookSyncOperatorFactory;
import io.mm.operators.types.RawFrameTypeInfo;
import io.mm.sinks.day.DayFileSink;
import io.mm.rest.RestEndpoints;
import io.mm.sources.rest.RestSnapshotFetcherFactory;
import io.mm.sources.ws.WebSocketSource;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The recorder's dataflow: WebSocket source -> keyBy(exchange:symbol) -> book-sync operator -> day-file sink,
 * the sink chained behind the operator so every file has one owner. Checkpoints every
 * {@code BUFFER_FLUSH_INTERVAL_SEC}, exactly once, retained on cancellation so a killed run can resume.
 */
public final class RecorderJob {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RecorderJob.class);

    private RecorderJob() {}

    /** How long the REST budget makes a cold start of many Binance symbols take (the WS snapshots of the others do not wait). */
    static void logColdStart(RecordJobSettings c) {
        int n = c.symbols.getOrDefault(Exchange.BINANCE, List.of()).size();
        if (n == 0) {
            return;
        }
        int limit = c.operator.snapshotLimit();
        int weight = RestEndpoints.binanceDepthWeight(limit);
        long seconds = c.restLimits.binanceColdStartSeconds(n, limit);
        LOG.info("cold start: {} Binance REST snapshot(s) of weight {} ({} in all, BINANCE_WEIGHT_LIMIT {} a minute): {}", n, weight,
                (long) n * weight, c.restLimits.binanceWeightPerMinute(), seconds == 0 ? "all at once"
                        : "the last book syncs about " + (seconds >= 120 ? seconds / 60 + " minutes" : seconds + " s")
                        + " after the start (a smaller SNAPSHOT_LIMIT weighs less)");
    }

    /** Flink settings the recorder relies on (no Kryo fallback, retained checkpoints, restarts). */
    public static Configuration flinkConfiguration(RecordJobSettings c) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, c.checkpointInterval());
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, Checkpoints.flinkPath(c.checkpointDir));
        conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, Checkpoints.flinkPath(c.checkpointDir.resolve("savepoints")));
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        // a failure that keeps coming back (a full or read-only disk) ends the job after its budget instead of a
        // recorder that restarts for ever and records nothing: 1, 2, 4 ... 60 s apart, some 5 minutes for 10
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, java.time.Duration.ofSeconds(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, java.time.Duration.ofSeconds(60));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, c.restartAttempts);
        // frames cross one network exchange (keyBy) between the sockets and the books; Flink's default 100 ms
        // buffer timeout would hold a quiet symbol's update up to that long before its book sees it
        conf.set(org.apache.flink.configuration.ExecutionOptions.BUFFER_TIMEOUT, java.time.Duration.ofMillis(5));
        return conf;
    }

    /** The recorder's WebSocket source: its connections, and its symbols locked in DATA_DIR while the job runs. */
    public static WebSocketSource source(RecordJobSettings c) {
        WebSocketSource.Builder b = WebSocketSource.builder().settings(c.ws)
                .lockedIn(c.dataDir.toAbsolutePath().toString(), c.operator.runId());
        for (Map.Entry<Exchange, List<String>> e : c.symbols.entrySet()) {
            b.symbols(e.getKey(), e.getValue());
        }
        return b.build();
    }

    /** Adds the recorder to {@code env}. */
    public static void build(StreamExecutionEnvironment env, RecordJobSettings c) {
        logColdStart(c);
        WebSocketSource source = source(c);
        int sourceParallelism = Math.max(1, Math.min(env.getParallelism(), source.splits().size()));
        RestSnapshotFetcherFactory fetchers = new RestSnapshotFetcherFactory(c.rest, c.restLimits, c.operator.clockSpec(),
                c.operator.clockAnchorMillis());
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "exchange websockets", RawFrameTypeInfo.INSTANCE)
                .setParallelism(sourceParallelism)
                .uid("ws-source")
                .keyBy(RawFrame::key)
                .transform("book-sync", TypeInformation.of(FileRecord.class),
                        new BookSyncOperatorFactory(c.operator, fetchers).numberingOnFrom(c.sink.dataDir()))
                .uid("book-sync")
                .sinkTo(new DayFileSink(c.sink))
                .name("day files")
                .uid("day-files");
    }
}
