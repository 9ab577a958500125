package io.mm.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import java.math.BigDecimal;
import java.util.List;

/** Compares a client's rebuilt book with the simulator's truth. */
final class Books {
    private Books() {}

    /** The client's book equals the true book's best {@code depth} levels a side (prices and quantities). */
    static void assertSame(LocalOrderBook book, TrueBook truth, int depth) {
        check(book, Side.BID, truth.bids(), depth, truth.symbol());
        check(book, Side.ASK, truth.asks(), depth, truth.symbol());
    }

    private static void check(LocalOrderBook book, Side side, List<TrueBook.Level> levels, int depth, String symbol) {
        int n = Math.min(depth, levels.size());
        assertThat(Math.min(depth, book.depth(side))).as("%s %s levels", symbol, side).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            BigDecimal price = BigDecimal.valueOf(book.price(side, i), book.priceScale());
            BigDecimal qty = BigDecimal.valueOf(book.qty(side, i), book.qtyScale());
            TrueBook.Level l = levels.get(i);
            assertThat(price.compareTo(l.price())).as("%s %s level %d price %s vs %s", symbol, side, i, price, l.price()).isZero();
            assertThat(qty.compareTo(l.qty())).as("%s %s level %d qty %s vs %s", symbol, side, i, qty, l.qty()).isZero();
        }
    }
}
