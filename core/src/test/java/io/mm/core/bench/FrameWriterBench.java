package io.mm.core.bench;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.contract.BookFrameWriter;
import io.mm.core.contract.ByteSink;
import io.mm.core.contract.NumberStyle;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.num.NumberToken;
import java.util.Random;
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
 * One op: two level changes near the top of one symbol's book, then that symbol's 20-level
 * {@code orderbook_ws_depth} row. With 500 symbols taken in turn, as the recorder's operator meets them, each
 * book and each writer's level-text cache is cold in the CPU caches by the time its symbol comes round again;
 * with one symbol everything stays hot. The gap between the two is what memory layout costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FrameWriterBench {
    private static final int CHANGES = 4096;

    @Param({"1", "500"})
    int symbols;

    private LocalOrderBook[] books;
    private BookFrameWriter[] writers;
    private final ByteSink out = new ByteSink(4096);
    private final boolean[] bid = new boolean[CHANGES];
    private final long[] px = new long[CHANGES];
    private final int[] pxFormat = new int[CHANGES];
    private final long[] qty = new long[CHANGES];
    private final int[] qtyFormat = new int[CHANGES];
    private int change;
    private int symbol;
    private long row;

    @Setup
    public void setup() {
        Random r = new Random(7);
        NumberToken p = new NumberToken();
        NumberToken q = new NumberToken();
        for (int k = 0; k < CHANGES; k++) {
            bid[k] = r.nextBoolean();
            long cents = bid[k] ? 5_000_000 - r.nextInt(40) : 5_000_001 + r.nextInt(40);
            p.parse((cents / 100) + "." + String.format("%02d", cents % 100));
            q.parse(r.nextInt(8) == 0 ? "0" : (1 + r.nextInt(5000)) + "." + String.format("%04d", r.nextInt(10_000)));
            px[k] = p.unscaled;
            pxFormat[k] = p.format;
            qty[k] = q.unscaled;
            qtyFormat[k] = q.format;
        }
        books = new LocalOrderBook[symbols];
        writers = new BookFrameWriter[symbols];
        for (int s = 0; s < symbols; s++) {
            books[s] = new LocalOrderBook();
            writers[s] = new BookFrameWriter(20, NumberStyle.AS_SENT);
            for (int k = 0; k < CHANGES; k++) {
                apply(books[s], k); // a full book: every price of the range set at least once
            }
        }
    }

    private void apply(LocalOrderBook book, int k) {
        book.set(bid[k] ? Side.BID : Side.ASK, px[k], pxFormat[k], qty[k], qtyFormat[k]);
    }

    @Benchmark
    public int changeAndWriteRow() {
        int s = symbol;
        symbol = s + 1 == symbols ? 0 : s + 1;
        LocalOrderBook book = books[s];
        apply(book, change);
        apply(book, (change + 1) & (CHANGES - 1));
        change = (change + 2) & (CHANGES - 1);
        out.reset();
        writers[s].write(out, row, row, row, 1, row, DepthUpdate.NONE, book);
        row++;
        return out.length();
    }
}
