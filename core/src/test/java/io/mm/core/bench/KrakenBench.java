package io.mm.core.bench;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.FrameKind;
import io.mm.core.kraken.KrakenChecksumEngine;
import io.mm.core.kraken.KrakenParser;
import io.mm.core.sync.SyncOutcome;
import io.mm.core.sync.SyncStateMachine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Kraken: one op is one WS v2 {@code book} update frame (the levels that changed in the depth-10 view, a
 * checksum, a timestamp), parsed by {@link KrakenParser}, applied by a SYNCED {@link KrakenChecksumEngine}
 * configured as the recorder does (depth 10, a 4096-update rolling window) and verified against its CRC32.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class KrakenBench {
    private KrakenParser parser;
    private KrakenChecksumEngine engine;
    private String[] frames;
    private DepthUpdate[] parsed;
    private LocalOrderBook start;
    private int i;

    @Setup
    public void setup() {
        BenchData.Kraken data = BenchData.kraken(1);
        frames = data.updates();
        parser = new KrakenParser();
        engine = new KrakenChecksumEngine(new LocalOrderBook(), new SyncStateMachine(), data.depth(), 4096);
        engine.setPrecision(data.pricePrecision(), data.qtyPrecision());
        engine.subscribed("bench");
        BinanceBench.check(parser.parse(data.snapshot()) == FrameKind.DEPTH_SNAPSHOT, "snapshot");
        BinanceBench.check(engine.onSnapshot(parser.depth(), false) == SyncOutcome.SYNCED, "snapshot checksum");
        start = new LocalOrderBook();
        start.copyFrom(engine.book());
        parsed = new DepthUpdate[frames.length];
        int levels = 0;
        for (int k = 0; k < frames.length; k++) {
            BinanceBench.check(parser.parse(frames[k]) == FrameKind.DEPTH_UPDATE, parser.error());
            parsed[k] = new DepthUpdate();
            parsed[k].copyFrom(parser.depth());
            levels += parsed[k].levels();
            SyncOutcome o = engine.onUpdate(parsed[k]);
            BinanceBench.check(o == SyncOutcome.APPLIED, "update " + k + ": " + o + " " + engine.detail());
        }
        System.out.printf("%nKraken ring: %d updates, %.2f levels per update%n", frames.length, levels / (double) frames.length);
        rewind();
    }

    private void rewind() {
        engine.book().copyFrom(start);
        i = 0;
    }

    @Benchmark
    public SyncOutcome parseApplyVerify() {
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
    public SyncOutcome applyVerifyOnly() {
        if (i == parsed.length) {
            rewind();
        }
        return engine.onUpdate(parsed[i++]);
    }
}
