package io.mm.validator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.core.contract.ContractFile;
import io.mm.core.contract.FileRecord;
import io.mm.core.feed.RawFrame;
import io.mm.operators.RecorderSettings;
import io.mm.operators.book.BookSyncOperatorFactory;
import io.mm.operators.types.RawFrameTypeInfo;
import io.mm.validator.replay.DaySplit;
import io.mm.validator.replay.RecordedDaySource;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.NettyShuffleEnvironmentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * The bounded replay-validation job: recorded days -> the recorder's own keyed operator in replay mode (BATCH,
 * one key per day, snapshots from the recording) -> the comparator. Days whose recordings need different
 * operator settings (depth levels, Kraken book depth) run as separate jobs.
 */
public final class ValidatorJob {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_PARALLELISM = 128;

    private ValidatorJob() {}

    /** The day directories under a day, symbol or data directory (hidden directories skipped), sorted. */
    public static List<Path> findDays(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
        if (dir.getFileName() != null && dir.getFileName().toString().matches("\\d{8}")) {
            return List.of(dir);
        }
        // hidden directories (.checkpoints, .staging, bookkeeping) are never entered: a running recorder creates
        // and deletes checkpoint directories there while we walk
        List<Path> days = new ArrayList<>();
        Files.walkFileTree(dir, java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class), 3, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path p, java.nio.file.attribute.BasicFileAttributes a) {
                if (p.equals(dir)) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
                if (p.getFileName().toString().startsWith(".")) {
                    return java.nio.file.FileVisitResult.SKIP_SUBTREE;
                }
                return isDay(p) ? java.nio.file.FileVisitResult.SKIP_SUBTREE : java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path p, java.nio.file.attribute.BasicFileAttributes a) {
                if (a.isDirectory()) {
                    isDay(p); // at the walk's depth limit directories arrive here
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            private boolean isDay(Path p) {
                if (p.getFileName().toString().matches("\\d{8}") && isExchangeDir(p.getParent().getParent())) {
                    days.add(p);
                    return true;
                }
                return false;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
                if (e instanceof java.nio.file.NoSuchFileException) {
                    return java.nio.file.FileVisitResult.CONTINUE; // gone while we looked: not a day
                }
                throw e;
            }
        });
        days.sort(Comparator.comparing(Path::toString));
        return days;
    }

    private static boolean isExchangeDir(Path p) {
        if (p == null || p.getFileName() == null) {
            return false;
        }
        try {
            Exchange.parse(p.getFileName().toString());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** What a day needs of the operator: its orderbook's depth levels and the Kraken book depth it subscribed. */
    record Needs(int depthLevels, int krakenDepth) {}

    static Needs needs(DaySplit d) {
        // no file, or one that cannot be read: the default; the comparator reports what is wrong with it
        int has = ContractFile.orderbookLevels(d.path().resolve(ContractFile.ORDERBOOK.relativePath(d.symbolFs(), Integer.toString(d.day()))));
        int levels = has < 0 ? 20 : Math.max(1, has);
        int depth = 10;
        if (d.exchange() == Exchange.KRAKEN) {
            Path ev = d.path().resolve(ContractFile.EVENTS.relativePath(d.symbolFs(), Integer.toString(d.day())));
            try (Reader r = new InputStreamReader(new GZIPInputStream(Files.newInputStream(ev)), StandardCharsets.UTF_8);
                 CSVParser p = CSVParser.builder().setReader(r).setFormat(CSVFormat.RFC4180.builder().setHeader()
                         .setSkipHeaderRecord(true).get()).get()) {
                for (CSVRecord e : p) {
                    if (e.get("type").equals("subscribed")) {
                        JsonNode det = JSON.readTree(e.get("details"));
                        if (det.path("channel").asText().equals("book")) {
                            depth = det.path("depth").asInt(10);
                            break;
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the replay source reports an unreadable ledger, with its file and line
            }
        }
        return new Needs(levels, depth);
    }

    /** Validates the days; blocks until done. */
    public static List<DayReport> run(List<Path> days, int parallelism) throws Exception {
        Map<Needs, List<DaySplit>> groups = new LinkedHashMap<>();
        for (Path p : days) {
            DaySplit d = DaySplit.of(p);
            groups.computeIfAbsent(needs(d), k -> new ArrayList<>()).add(d);
        }
        List<DayReport> reports = new ArrayList<>();
        for (Map.Entry<Needs, List<DaySplit>> g : groups.entrySet()) {
            reports.addAll(runGroup(g.getKey(), g.getValue(), parallelism));
        }
        reports.sort(Comparator.comparing(DayReport::dayDir));
        return reports;
    }

    private static List<DayReport> runGroup(Needs needs, List<DaySplit> days, int parallelism) throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, true); // no copies between the chained replay operators
        // each day's frames already arrive contiguous and in recv_seq order, on the subtask owning the day's key:
        // sorting them again (BATCH's default for keyed input) would cost most of the replay
        conf.set(ExecutionOptions.SORT_INPUTS, false);
        conf.set(ExecutionOptions.USE_BATCH_STATE_BACKEND, false);
        // BATCH hands the frames from the source to the keyed operator through a blocking exchange (Flink never
        // chains a keyed operator in BATCH mode); on one machine compressing it costs more than it saves
        conf.set(NettyShuffleEnvironmentOptions.SHUFFLE_COMPRESSION_CODEC, NettyShuffleEnvironmentOptions.CompressionCodec.NONE);
        int p = Math.max(1, Math.min(parallelism, days.size()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(p);
        env.setMaxParallelism(MAX_PARALLELISM);
        RecorderSettings settings = RecorderSettings.defaults("replay").withReplay(true).withOutputs(needs.depthLevels, false, false)
                .withTelemetry(0, 0).withBooks(1000, needs.krakenDepth, 100_000);
        Map<String, String> dirs = new HashMap<>();
        for (DaySplit d : days) {
            dirs.put(d.exchange().id() + "/" + d.symbolFs() + "/" + d.day(), d.dayDir());
        }
        List<DayReport> out = new ArrayList<>();
        var frames = env.fromSource(new RecordedDaySource(days, MAX_PARALLELISM), WatermarkStrategy.noWatermarks(), "recorded days",
                RawFrameTypeInfo.INSTANCE);
        try (CloseableIterator<String> it = DataStreamUtils.reinterpretAsKeyedStream(frames, ValidatorJob::replayKey, Types.STRING)
                .transform("book-sync (replay)", TypeInformation.of(FileRecord.class), new BookSyncOperatorFactory(settings, null).keepChainedInBatch())
                .transform("compare with the recording", Types.STRING, new ReplayComparator(dirs))
                .executeAndCollect("mm replay validation")) {
            while (it.hasNext()) {
                out.add(JSON.readValue(it.next(), DayReport.class));
            }
        }
        return out;
    }

    /** The day directory ({@code exchange/SYMBOL_FS/YYYYMMDD}): each day is replayed on its own. */
    static String replayKey(RawFrame f) {
        return f.connectionId();
    }
}
