package io.mm.core.bitfinex;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.contract.NumberStyle;
import io.mm.core.contract.RowLevelTexts;
import java.util.zip.CRC32;

/**
 * Bitfinex's book checksum: for i in 0..24, the i-th bid's price and amount, then the i-th ask's price and
 * (negative) amount, where they exist, joined with ':'; CRC32 as a signed 32-bit integer. Numbers are
 * hashed as the server wrote them ({@code 7e-7} stays {@code 7e-7}): expanding exponents breaks the match.
 * Reuses its buffers; not thread-safe.
 *
 * <p>A level's text ({@code price:amount}) is copied from the previous checksum string when the level is
 * unchanged ({@link RowLevelTexts}, as the book-frame rows do): a {@code cs} frame follows every book update,
 * and an update changes one or two of the 50 levels. Read in order, the previous string and its levels stay
 * cheap with hundreds of symbols taken in turn, where a hash cache of level texts cost more than it saved
 * (docs/benchmarks.md, Core (JMH)).
 */
public final class BitfinexChecksum {
    public static final int LEVELS = 25;

    private final CRC32 crc = new CRC32();
    private byte[] buf = new byte[2 * LEVELS * 2 * 42];
    /** The previous checksum string, which unchanged levels' texts are copied from. */
    private byte[] prevBuf = new byte[buf.length];
    private final RowLevelTexts bids = new RowLevelTexts(Side.BID, LEVELS, (byte) ':', false);
    private final RowLevelTexts asks = new RowLevelTexts(Side.ASK, LEVELS, (byte) ':', true);
    private int prevPriceScale = Integer.MIN_VALUE;
    private int prevQtyScale = Integer.MIN_VALUE;

    public int compute(LocalOrderBook book) {
        int pos = write(book);
        crc.reset();
        crc.update(prevBuf, 0, pos); // write() leaves the string it wrote as the previous one
        return (int) crc.getValue();
    }

    /** The string that is hashed (for diagnostics and tests). */
    public String checksumString(LocalOrderBook book) {
        int pos = write(book);
        return new String(prevBuf, 0, pos, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Writes the checksum string into {@code buf}, then makes it {@code prevBuf}; returns its length. */
    private int write(LocalOrderBook book) {
        int nb = Math.min(LEVELS, book.depth(Side.BID));
        int na = Math.min(LEVELS, book.depth(Side.ASK));
        int ps = book.priceScale();
        int qs = book.qtyScale();
        if (ps != prevPriceScale || qs != prevQtyScale) {
            // a scale change gives the same scaled value another meaning: nothing of the previous string is reused
            bids.clear();
            asks.clear();
            prevPriceScale = ps;
            prevQtyScale = qs;
        }
        int pos = 0;
        for (int i = 0; i < LEVELS; i++) {
            if (i < nb) {
                pos = bids.write(book, i, ps, qs, NumberStyle.AS_SENT, prevBuf, buf, 0, sep(pos));
            }
            if (i < na) {
                pos = asks.write(book, i, ps, qs, NumberStyle.AS_SENT, prevBuf, buf, 0, sep(pos));
            }
        }
        bids.endRow(nb);
        asks.endRow(na);
        // this string is the next one's previous
        byte[] b = prevBuf;
        prevBuf = buf;
        buf = b;
        return pos;
    }

    private int sep(int pos) {
        if (pos > 0) {
            buf[pos++] = ':';
        }
        return pos;
    }
}
