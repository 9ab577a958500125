package io.mm.sources.ws;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.ObjLongConsumer;

/**
 * The frames one connection had to drop, counted per symbol they were for: every frame is routed to its symbol
 * before it is queued (a connection-wide message goes to each symbol as a copy of its own), so a drop is a loss for
 * that symbol's ledger only and the connection's other books and trades stay unmarked.
 */
final class SymbolDrops {
    private final List<String> symbols;
    private final Map<String, Integer> index = new HashMap<>();
    private final AtomicLongArray counts;
    private final AtomicLong total = new AtomicLong();
    private final long[] reported;
    private long reportedTotal;

    SymbolDrops(List<String> symbols) {
        this.symbols = List.copyOf(symbols);
        for (int i = 0; i < this.symbols.size(); i++) {
            index.put(this.symbols.get(i), i);
        }
        counts = new AtomicLongArray(this.symbols.size());
        reported = new long[this.symbols.size()];
    }

    /** From a socket thread: a frame for {@code symbol} was dropped; one for no symbol of the connection counts against all. */
    void dropped(String symbol) {
        Integer i = symbol == null ? null : index.get(symbol);
        if (i == null) {
            for (int j = 0; j < counts.length(); j++) {
                counts.incrementAndGet(j);
            }
        } else {
            counts.incrementAndGet(i);
        }
        total.incrementAndGet();
    }

    /** From the task thread: drops not reported yet (one read, so the reader can ask before every frame). */
    boolean pending() {
        return total.get() != reportedTotal;
    }

    /** From the task thread: each symbol with drops not reported yet, and how many. */
    void report(ObjLongConsumer<String> to) {
        long t = total.get();
        if (t == reportedTotal) {
            return;
        }
        reportedTotal = t;
        for (int i = 0; i < reported.length; i++) {
            long c = counts.get(i);
            if (c > reported[i]) {
                to.accept(symbols.get(i), c - reported[i]);
                reported[i] = c;
            }
        }
    }
}
