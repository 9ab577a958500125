package io.mm.core.bench;

import io.mm.core.book.Side;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.sync.UpdateRing;
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
 * The checksum engines' rolling window: every Kraken and Bitfinex update is copied into its symbol's ring while
 * SYNCED (for a REST resync's replay). One op is one update of one level (as Bitfinex sends them, and most Kraken
 * updates) added to the next symbol's full ring of 4,096, round robin: with 500 symbols each add lands in memory
 * no cache holds, as in the recorder.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class UpdateRingBench {
    @Param({"1", "500"})
    public int symbols;

    private UpdateRing[] rings;
    private final DepthUpdate update = new DepthUpdate();
    private int symbol;
    private long n;

    @Setup
    public void setup() {
        rings = new UpdateRing[symbols];
        for (int s = 0; s < symbols; s++) {
            rings[s] = new UpdateRing(4096);
            for (int k = 0; k < 4096; k++) {
                rings[s].add(next());
            }
        }
    }

    private DepthUpdate next() {
        update.clear();
        n++;
        update.symbol = "S";
        update.eventTimeUs = 1_700_000_000_000_000L + n;
        update.checksum = n * 2654435761L;
        update.hasChecksum = (n & 1) == 0;
        update.addLevel((n & 2) == 0 ? Side.BID : Side.ASK, 6_500_000 + (n & 63), 1, 1_000 + n % 997, 3, 1);
        return update;
    }

    @Benchmark
    public int addOneLevelUpdate() {
        int s = symbol;
        symbol = s + 1 == symbols ? 0 : s + 1;
        UpdateRing r = rings[s];
        r.add(next());
        return r.size();
    }
}
