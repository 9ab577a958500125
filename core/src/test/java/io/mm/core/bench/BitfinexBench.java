package io.mm.core.bench;

import io.mm.core.bitfinex.BitfinexChecksumEngine;
import io.mm.core.bitfinex.BitfinexParser;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Bitfinex: one op is one book update as the recorder receives it with its flags (TIMESTAMP, SEQ_ALL,
 * OB_CHECKSUM): a level frame {@code [chanId,[PRICE,COUNT,AMOUNT],SEQ,MTS]} and the {@code cs} frame after it,
 * both parsed by {@link BitfinexParser} and fed to a SYNCED {@link BitfinexChecksumEngine} (len 25, a
 * 4096-update rolling window), which applies the level and verifies the CRC32 of the top 25 per side.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BitfinexBench {
    private BitfinexParser parser;
    private BitfinexChecksumEngine engine;
    private String[] levels;
    private String[] checksums;
    private DepthUpdate[] parsedLevels;
    private DepthUpdate[] parsedChecksums;
    private LocalOrderBook start;
    private int i;

    @Setup
    public void setup() {
        BenchData.Bitfinex data = BenchData.bitfinex(1);
        levels = data.levels();
        checksums = data.checksums();
        parser = new BitfinexParser();
        for (String s : data.setup()) {
            parser.parse(s);
        }
        engine = new BitfinexChecksumEngine(new LocalOrderBook(), new SyncStateMachine(), 25, 4096);
        engine.subscribed("bench");
        BinanceBench.check(parser.parse(data.snapshot()) == FrameKind.DEPTH_SNAPSHOT, "snapshot " + parser.error());
        BinanceBench.check(engine.onSnapshot(parser.depth(), false) == SyncOutcome.SNAPSHOT_APPLIED, "snapshot applied");
        start = new LocalOrderBook();
        start.copyFrom(engine.book());
        parsedLevels = parseAll(parser, levels, FrameKind.DEPTH_UPDATE);
        parsedChecksums = parseAll(parser, checksums, FrameKind.CHECKSUM);
        playOnce(engine, parsedLevels, parsedChecksums);
        rewind();
    }

    /** Each frame parsed and copied out of the parser, checked to be of {@code kind}. */
    static DepthUpdate[] parseAll(BitfinexParser parser, String[] frames, FrameKind kind) {
        DepthUpdate[] out = new DepthUpdate[frames.length];
        for (int k = 0; k < frames.length; k++) {
            BinanceBench.check(parser.parse(frames[k]) == kind, "frame " + k + ": " + parser.error());
            out[k] = new DepthUpdate();
            out[k].copyFrom(parser.depth());
        }
        return out;
    }

    /** Feeds every level update and its checksum once, checking each takes the intended path (and fills the window). */
    static void playOnce(BitfinexChecksumEngine engine, DepthUpdate[] levels, DepthUpdate[] checksums) {
        for (int k = 0; k < levels.length; k++) {
            SyncOutcome o = engine.onUpdate(levels[k]);
            BinanceBench.check(o == (k == 0 ? SyncOutcome.PENDING : SyncOutcome.APPLIED), "level " + k + ": " + o);
            o = engine.onUpdate(checksums[k]);
            BinanceBench.check(o == (k == 0 ? SyncOutcome.SYNCED : SyncOutcome.VERIFIED), "cs " + k + ": " + o + " " + engine.detail());
        }
    }

    private void rewind() {
        engine.book().copyFrom(start);
        i = 0;
    }

    @Benchmark
    public SyncOutcome parseApplyVerify() {
        if (i == levels.length) {
            rewind();
        }
        parser.parse(levels[i]);
        engine.onUpdate(parser.depth());
        parser.parse(checksums[i++]);
        return engine.onUpdate(parser.depth());
    }

    @Benchmark
    public FrameKind parseOnly() {
        if (i == levels.length) {
            i = 0;
        }
        parser.parse(levels[i]);
        return parser.parse(checksums[i++]);
    }

    @Benchmark
    public SyncOutcome applyVerifyOnly() {
        if (i == levels.length) {
            rewind();
        }
        engine.onUpdate(parsedLevels[i]);
        return engine.onUpdate(parsedChecksums[i++]);
    }
}
