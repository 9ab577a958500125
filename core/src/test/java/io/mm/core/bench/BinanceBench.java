package io.mm.core.bench;

import io.mm.core.binance.BinanceParser;
import io.mm.core.binance.BinanceSyncEngine;
import io.mm.core.book.LocalOrderBook;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.FrameKind;
import io.mm.core.sync.SyncOutcome;
import io.mm.core.sync.SyncStateMachine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Binance: one op is one combined-stream {@code depthUpdate} frame of {@code levels} levels, parsed by
 * {@link BinanceParser} and applied by a SYNCED {@link BinanceSyncEngine} over a 300-level book (the recorder's hot
 * path per diff, before the output row). {@code parseOnly} and {@code applyOnly} split the cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BinanceBench {
    @Param({"10"})
    public int levels;

    private BinanceParser parser;
    private BinanceSyncEngine engine;
    private String[] frames;
    private DepthUpdate[] parsed;
    private LocalOrderBook start;
    private long startId;
    private int i;

    @Setup
    public void setup() {
        BenchData.Binance data = BenchData.binance(1, levels);
        frames = data.frames();
        parser = new BinanceParser();
        engine = new BinanceSyncEngine(new LocalOrderBook(), new SyncStateMachine(), 10_000);
        engine.subscribed("bench");
        check(parser.parseRestSnapshot(data.snapshot(), "BTCUSDT") == FrameKind.DEPTH_SNAPSHOT, "snapshot");
        check(engine.onSnapshot(parser.depth(), true) == SyncOutcome.SNAPSHOT_APPLIED, "snapshot applied");
        start = new LocalOrderBook();
        start.copyFrom(engine.book());
        startId = data.snapshotId();
        parsed = new DepthUpdate[frames.length];
        for (int k = 0; k < frames.length; k++) {
            check(parser.parse(frames[k]) == FrameKind.DEPTH_UPDATE, parser.error());
            parsed[k] = new DepthUpdate();
            parsed[k].copyFrom(parser.depth());
            SyncOutcome o = engine.onUpdate(parsed[k]);
            check(o == (k == 0 ? SyncOutcome.SYNCED : SyncOutcome.APPLIED), "update " + k + ": " + o + " " + engine.detail());
        }
        rewind();
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark data broken: " + what);
        }
    }

    /** Back to the snapshot's book and id, so the ring's first update follows again. */
    private void rewind() {
        engine.book().copyFrom(start);
        engine.restoreLastUpdateId(startId);
        i = 0;
    }

    @Benchmark
    public SyncOutcome parseAndApply() {
        if (i == frames.length) {
            rewind();
        }
        parser.parse(frames[i++]);
        return engine.onUpdate(parser.depth());
    }

    @Benchmark
    public FrameKind parseOnly() {
        if (i == frames.length) {
            i = 0;
        }
        return parser.parse(frames[i++]);
    }

    @Benchmark
    public SyncOutcome applyOnly() {
        if (i == parsed.length) {
            rewind();
        }
        return engine.onUpdate(parsed[i++]);
    }
}
