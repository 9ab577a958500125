package io.mm.history.combine;

import io.mm.core.candle.Candle;
import io.mm.core.candle.CandleBuilder;
import io.mm.core.recorded.TradeFileCandles;
import io.mm.core.candle.Interval;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * partial candles per interval and file ({@link PartialCandleFormat}) -> event-time tumbling windows of the
 * interval, keyed by the interval, merging the partials -> one candle per interval with trades, oldest first.
 *
 * <p>Trading-window days overlap (the default window runs to 00:15 the next day), and a trade inside two windows
 * is in both days' files. Each file owns the trades before the first trade of the next day's file
 * ({@link TradeFileCandles#cutoffs}), so every trade counts once without a shuffle by trade id.
 */
public final class LocalCandleJob {
    private LocalCandleJob() {}

    public static List<Candle> run(List<Path> tradeFiles, Interval interval, long startMs, long endMs, int parallelism) throws Exception {
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
        FileSource<CandleBuilder> source = FileSource.forBulkFileFormat(new PartialCandleFormat(startMs * 1000, endMs * 1000,
                interval.millis(), cutoffs(tradeFiles)), paths).build();
        DataStream<Candle> candles = env.fromSource(source, WatermarkStrategy.<CandleBuilder>noWatermarks()
                        .withTimestampAssigner((b, ts) -> b.openMs), "trades_ws files")
                .keyBy(new ByOpen())
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(interval.millis())))
                .aggregate(new Merge(), new Emit(interval))
                .name("candles " + interval.name());
        List<Candle> out = new ArrayList<>();
        try (CloseableIterator<Candle> it = candles.executeAndCollect("mm combine: local " + interval.name() + " candles")) {
            it.forEachRemaining(out::add);
        }
        out.sort(Comparator.comparingLong(Candle::openMs));
        return out;
    }

    /** Per file (its URI's path, as Flink's source names it), the first microsecond it no longer owns. */
    static Map<String, Long> cutoffs(List<Path> tradeFiles) throws IOException {
        Map<String, Long> out = new HashMap<>();
        TradeFileCandles.cutoffs(tradeFiles, false).forEach((f, until) -> out.put(f.toUri().getPath(), until));
        return out;
    }

    static final class ByOpen implements KeySelector<CandleBuilder, Long> {
        @Override
        public Long getKey(CandleBuilder b) {
            return b.openMs;
        }
    }

    static final class Merge implements AggregateFunction<CandleBuilder, CandleBuilder, CandleBuilder> {
        @Override
        public CandleBuilder createAccumulator() {
            return new CandleBuilder();
        }

        @Override
        public CandleBuilder add(CandleBuilder partial, CandleBuilder acc) {
            return acc.merge(partial);
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
