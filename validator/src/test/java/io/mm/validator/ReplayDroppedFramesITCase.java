package io.mm.validator;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.contract.FileRecord;
import io.mm.core.feed.RawFrame;
import io.mm.operators.RecorderSettings;
import io.mm.operators.book.BookSyncOperatorFactory;
import io.mm.operators.testkit.KrakenSession;
import io.mm.sinks.day.DayFileSink;
import io.mm.sinks.day.DayFileSinkSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames the source had to drop, in a recorded day the validator replays: the replay takes the same decision at the
 * ledger's gap row as the live run (the next checksum proves the book, or the book resyncs where the checksum cannot
 * prove every level), so every frame is rebuilt and the day is reported with its gap.
 */
class ReplayDroppedFramesITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI = new MiniClusterExtension();

    /** The real Kraken session subscribed at {@code depth}, with 3 frames reported dropped before frame {@code dropAt}. */
    private static Path record(Path data, int depth, int dropAt) throws Exception {
        List<RawFrame> frames = new ArrayList<>(KrakenSession.frames());
        RawFrame ack = frames.get(3);
        frames.set(3, KrakenSession.frame(RawFrame.Type.DATA, ack.recvTimeUs(), ack.text().replace("\"depth\":10", "\"depth\":" + depth)));
        RawFrame at = frames.get(dropAt);
        frames.add(dropAt, new RawFrame(at.exchange(), at.symbol(), at.connectionId(), at.connection(), RawFrame.Type.OVERFLOW,
                at.recvTimeUs(), -1, "3 frame(s) dropped: hand-off queue full (20000)"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        RecorderSettings settings = RecorderSettings.defaults("rec-1").withWindow("UTC", "00:00", "00:15", "1").withTelemetry(0, 30)
                .withOutputs(10, true, false).withBooks(1000, depth, 10_000).withClock(KrakenSession.CLOCK, System.currentTimeMillis());
        env.fromData(frames, TypeInformation.of(RawFrame.class))
                .keyBy(RawFrame::key)
                .transform("book-sync", TypeInformation.of(FileRecord.class), new BookSyncOperatorFactory(settings, null))
                .sinkTo(new DayFileSink(DayFileSinkSettings.defaults(data.toString()).withDepthLevels(10).withFsync(false)));
        env.execute("record the Kraken session with a drop");
        return data.resolve("kraken/BTCUSD/20230730");
    }

    private static DayReport validate(Path day) throws Exception {
        List<DayReport> r = ValidatorJob.run(ValidatorJob.findDays(day), 1);
        assertThat(r).hasSize(1);
        DayReport d = r.get(0);
        assertThat(d.errors()).as(d.summary()).isEmpty();
        assertThat(d.gapMismatches()).as(d.summary()).isEmpty();
        assertThat(d.firstDifference()).as(d.summary()).isNull();
        assertThat(d.gapsRecorded()).as(d.summary()).isEqualTo(Map.of("sequence", 1L));
        assertThat(d.exitCode()).as(d.summary()).isEqualTo(1);
        return d;
    }

    @Test
    void aDropTheNextChecksumProvesReplaysToEveryFrame(@TempDir Path data) throws Exception {
        DayReport d = validate(record(data, 10, 100));
        assertThat(d.framesRecorded()).isEqualTo(510);
        assertThat(d.framesReplayed()).isEqualTo(510);
        assertThat(d.resyncsRecorded()).isZero();
    }

    @Test
    void aDropBelowTheChecksumsLevelsResyncsInTheReplayAsItDidLive(@TempDir Path data) throws Exception {
        DayReport d = validate(record(data, 25, 30));
        // no snapshot comes here after the resync: the frames end at the drop, in the recording and in the replay
        assertThat(d.framesRecorded()).isPositive().isLessThan(30);
        assertThat(d.framesReplayed()).isEqualTo(d.framesRecorded());
        assertThat(d.resyncsRecorded()).isEqualTo(1);
        assertThat(d.resyncsReplayed()).isEqualTo(1);
    }
}
