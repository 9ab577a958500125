package io.mm.history.combine;

import io.mm.history.Candle;
import io.mm.history.CandleBuilder;
import io.mm.history.Interval;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.CloseableIterator;

/**
 * The bounded Flink job (BATCH) that turns the recorder's {@code trades_ws} files into candles: files ->
 * (one row per trade id, when trading-window days overlap and hold the same trades twice) -> event-time tumbling
 * windows of the interval keyed by the interval -> one candle per interval with trades, oldest first.
 */
public final class LocalCandleJob {
    private LocalCandleJob() {}

    /**
     * @param dedupe whether the files can hold a trade twice (overlapping days); costs one more shuffle
     */
    public static List<Candle> run(List<Path> tradeFiles, Interval interval, long startMs, long endMs, int parallelism, boolean dedupe)
            throws Exception {
        if (tradeFiles.isEmpty()) {
            return List.of();
        }
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(parallelism);
        env.getConfig().enableObjectReuse();

        org.apache.flink.core.fs.Path[] paths = tradeFiles.stream().map(p -> new org.apache.flink.core.fs.Path(p.toUri()))
                .toArray(org.apache.flink.core.fs.Path[]::new);
        FileSource<LocalTrade> source = FileSource.forBulkFileFormat(new TradeCsvFormat(startMs * 1000, endMs * 1000), paths).build();
        DataStream<LocalTrade> trades = env.fromSource(source, WatermarkStrategy.noWatermarks(), "trades_ws files");
        if (dedupe) {
            // in BATCH a keyed reduce emits once per key, at its end: the first copy of each trade id
            trades = trades.keyBy(new ById()).reduce((a, b) -> a).name("one row per trade id");
        }
        DataStream<Candle> candles = trades
                .assignTimestampsAndWatermarks(WatermarkStrategy.<LocalTrade>noWatermarks().withTimestampAssigner((t, ts) -> t.tsUs / 1000))
                .keyBy(new ByInterval(interval.millis()))
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(interval.millis())))
                .aggregate(new Accumulate(), new Emit(interval))
                .name("candles " + interval.name());
        List<Candle> out = new ArrayList<>();
        try (CloseableIterator<Candle> it = candles.executeAndCollect("mm combine: local " + interval.name() + " candles")) {
            it.forEachRemaining(out::add);
        }
        out.sort(Comparator.comparingLong(Candle::openMs));
        return out;
    }

    static final class ById implements KeySelector<LocalTrade, Long> {
        @Override
        public Long getKey(LocalTrade t) {
            return t.id;
        }
    }

    static final class ByInterval implements KeySelector<LocalTrade, Long> {
        private final long millis;

        ByInterval(long millis) {
            this.millis = millis;
        }

        @Override
        public Long getKey(LocalTrade t) {
            return Math.floorDiv(t.tsUs / 1000, millis) * millis;
        }
    }

    static final class Accumulate implements AggregateFunction<LocalTrade, CandleBuilder, CandleBuilder> {
        @Override
        public CandleBuilder createAccumulator() {
            return new CandleBuilder();
        }

        @Override
        public CandleBuilder add(LocalTrade t, CandleBuilder acc) {
            return acc.add(t.tsUs, t.id, t.price, t.qty);
        }

        @Override
        public CandleBuilder getResult(CandleBuilder acc) {
            return acc;
        }

        @Override
        public CandleBuilder merge(CandleBuilder a, CandleBuilder b) {
            return a.merge(b);
        }
    }

    static final class Emit extends ProcessWindowFunction<CandleBuilder, Candle, Long, TimeWindow> {
        private final Interval interval;

        Emit(Interval interval) {
            this.interval = interval;
        }

        @Override
        public void process(Long open, Context ctx, Iterable<CandleBuilder> in, Collector<Candle> out) {
            for (CandleBuilder b : in) {
                out.collect(b.build(ctx.window().getStart(), interval, Candle.Source.LOCAL));
            }
        }
    }
}
