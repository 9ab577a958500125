package io.mm.core.contract;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;

/**
 * One side's levels as the previous line wrote them (price, quantity, formats, and where their text, price and
 * quantity with a separator between, sits in that line), so the next line copies the text of every level that
 * did not change instead of formatting it again: the book-frame rows ({@code price,qty}) and the Bitfinex
 * checksum string ({@code price:amount}, asks' amounts negative). An update touches a few of the top N and shifts the ranks below an insert or a removal;
 * both rows are sorted, so one forward walk over the previous row finds each unchanged level wherever it moved.
 *
 * <p>Why not a hash of every text seen: with hundreds of symbols taken in turn, a symbol's state is cold in
 * the CPU caches whenever it comes round, and a probe into a 40 KB table costs a cache miss per level. The
 * previous row and these arrays are a few KB read front to back (docs/benchmarks.md, "Frame rows").
 */
public final class RowLevelTexts {
    private final Side side;
    private final byte separator;
    private final boolean minusBeforeQty;
    private final byte[] scratch = new byte[128];
    private Levels previous;
    private Levels current;
    /** Where the walk over the previous row stands for the row being written. */
    private int cursor;

    private static final class Levels {
        final long[] px;
        final long[] qty;
        final long[] formats;
        /** The text's offset from the start of its row. */
        final int[] offset;
        final int[] length;
        int count;

        Levels(int levels) {
            px = new long[levels];
            qty = new long[levels];
            formats = new long[levels];
            offset = new int[levels];
            length = new int[levels];
        }
    }

    /**
     * @param separator      written between a level's price and quantity
     * @param minusBeforeQty write the quantity negated ({@code -} before it), as Bitfinex's checksum does for asks
     */
    public RowLevelTexts(Side side, int levels, byte separator, boolean minusBeforeQty) {
        this.side = side;
        this.separator = separator;
        this.minusBeforeQty = minusBeforeQty;
        this.previous = new Levels(levels);
        this.current = new Levels(levels);
    }

    /** Forgets the previous row (the style or the book's scale changed: its texts mean something else now). */
    public void clear() {
        previous.count = 0;
        cursor = 0;
    }

    /**
     * Writes the text of level i of this side into the line that starts at {@code rowStart} of b; levels are
     * written 0, 1, 2, ... for each line. {@code previousRow} holds the previous line's bytes.
     */
    public int write(LocalOrderBook book, int i, int priceScale, int qtyScale, NumberStyle style, byte[] previousRow,
              byte[] b, int rowStart, int pos) {
        long px = book.price(side, i);
        long q = book.qty(side, i);
        long fmts = ((long) book.priceFormat(side, i) << 32) | (book.qtyFormat(side, i) & 0xFFFF_FFFFL);
        Levels prev = previous;
        Levels cur = current;
        int j = cursor;
        if (side == Side.BID) {
            while (j < prev.count && prev.px[j] > px) {
                j++;
            }
        } else {
            while (j < prev.count && prev.px[j] < px) {
                j++;
            }
        }
        cursor = j;
        int n;
        if (j < prev.count && prev.px[j] == px && prev.qty[j] == q && prev.formats[j] == fmts) {
            n = prev.length[j];
            System.arraycopy(previousRow, prev.offset[j], b, pos, n);
        } else {
            n = style.writePrice(px, priceScale, (int) (fmts >>> 32), scratch, 0);
            scratch[n++] = separator;
            if (minusBeforeQty) {
                scratch[n++] = '-';
            }
            n = style.writeQty(q, qtyScale, (int) fmts, scratch, n);
            System.arraycopy(scratch, 0, b, pos, n);
        }
        cur.px[i] = px;
        cur.qty[i] = q;
        cur.formats[i] = fmts;
        cur.offset[i] = pos - rowStart;
        cur.length[i] = n;
        return pos + n;
    }

    /** Ends a row that wrote levels 0 .. count-1 of this side: they are what the next row compares against. */
    public void endRow(int count) {
        Levels l = previous;
        previous = current;
        previous.count = count;
        current = l;
        cursor = 0;
    }
}
