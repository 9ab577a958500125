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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link BitfinexBench#applyVerifyOnly} over many symbols taken in turn, as the recorder's operator meets them:
 * each symbol has its own SYNCED engine, book and rolling window, so with 500 they are cold when their turn comes.
 * One op is one pre-parsed level update and its {@code cs} frame for the next symbol (each symbol replays the
 * same ring of updates from its own position). What it measures beside {@code BitfinexBench}: the cost of a
 * symbol's state being out of the caches.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BitfinexSymbolsBench {
    @Param({"1", "500"})
    public int symbols;

    private BitfinexChecksumEngine[] engines;
    private LocalOrderBook start;
    private DepthUpdate[] parsedLevels;
    private DepthUpdate[] parsedChecksums;
    private int[] at;
    private int symbol;

    @Setup
    public void setup() {
        BenchData.Bitfinex data = BenchData.bitfinex(1);
        String[] levels = data.levels();
        String[] checksums = data.checksums();
        BitfinexParser parser = new BitfinexParser();
        for (String s : data.setup()) {
            parser.parse(s);
        }
        BinanceBench.check(parser.parse(data.snapshot()) == FrameKind.DEPTH_SNAPSHOT, "snapshot " + parser.error());
        DepthUpdate snapshot = new DepthUpdate();
        snapshot.copyFrom(parser.depth());
        parsedLevels = BitfinexBench.parseAll(parser, levels, FrameKind.DEPTH_UPDATE);
        parsedChecksums = BitfinexBench.parseAll(parser, checksums, FrameKind.CHECKSUM);
        engines = new BitfinexChecksumEngine[symbols];
        at = new int[symbols];
        for (int s = 0; s < symbols; s++) {
            BitfinexChecksumEngine e = new BitfinexChecksumEngine(new LocalOrderBook(), new SyncStateMachine(), 25, 4096);
            e.subscribed("bench");
            BinanceBench.check(e.onSnapshot(snapshot, false) == SyncOutcome.SNAPSHOT_APPLIED, "snapshot applied");
            if (start == null) {
                start = new LocalOrderBook();
                start.copyFrom(e.book());
            }
            BitfinexBench.playOnce(e, parsedLevels, parsedChecksums); // the window full, every path checked
            e.book().copyFrom(start);
            engines[s] = e;
        }
    }

    @Benchmark
    public SyncOutcome applyVerifyNextSymbol() {
        int s = symbol;
        symbol = s + 1 == symbols ? 0 : s + 1;
        BitfinexChecksumEngine e = engines[s];
        int i = at[s];
        if (i == parsedLevels.length) {
            e.book().copyFrom(start);
            i = 0;
        }
        at[s] = i + 1;
        e.onUpdate(parsedLevels[i]);
        return e.onUpdate(parsedChecksums[i]);
    }
}
