package io.mm.core.bitfinex;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.num.NumberText;
import java.util.zip.CRC32;

/**
 * Bitfinex's book checksum: for i in 0..24, the i-th bid's price and amount, then the i-th ask's price and
 * (negative) amount, where they exist, joined with ':'; CRC32 as a signed 32-bit integer. Numbers are
 * hashed as the server wrote them ({@code 7e-7} stays {@code 7e-7}): expanding exponents breaks the match.
 * Reuses its buffers; not thread-safe.
 *
 * <p>A level's text ({@code price:amount}) is copied from the previous checksum string when the level is
 * unchanged at its rank or one rank away (an insert or a delete above it): a {@code cs} frame follows every book
 * update, and an update changes one or two of the 50 levels. Read in order, the previous string and its
 * per-rank keys stay cheap with hundreds of symbols taken in turn, where a hash cache of level texts cost more
 * than it saved (docs/benchmarks.md, Core (JMH)).
 */
public final class BitfinexChecksum {
    public static final int LEVELS = 25;
    /** Where an unchanged level may have been in the previous string: its rank, one below (a delete above it), one above (an insert). */
    private static final int[] NEAR = {0, 1, -1};

    private final CRC32 crc = new CRC32();
    private byte[] buf = new byte[2 * LEVELS * 2 * 42];
    /** The previous checksum string and, per side and rank, the level it holds and where its text is. */
    private byte[] prevBuf = new byte[buf.length];
    private Ranks cur = new Ranks();
    private Ranks prev = new Ranks();
    private int prevPriceScale = Integer.MIN_VALUE;
    private int prevQtyScale = Integer.MIN_VALUE;

    /** Per side (0 bid, 1 ask) and rank: price, amount, formats, and the text's start and length in its string. */
    private static final class Ranks {
        final long[] price = new long[2 * LEVELS];
        final long[] qty = new long[2 * LEVELS];
        final long[] formats = new long[2 * LEVELS];
        final int[] start = new int[2 * LEVELS];
        final int[] length = new int[2 * LEVELS];
        final int[] n = new int[2];
    }

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
            prev.n[0] = 0;
            prev.n[1] = 0;
            prevPriceScale = ps;
            prevQtyScale = qs;
        }
        cur.n[0] = nb;
        cur.n[1] = na;
        int pos = 0;
        for (int i = 0; i < LEVELS; i++) {
            if (i < nb) {
                pos = level(book, Side.BID, 0, i, ps, qs, sep(pos));
            }
            if (i < na) {
                pos = level(book, Side.ASK, 1, i, ps, qs, sep(pos));
            }
        }
        // this string is the next one's previous
        byte[] b = prevBuf;
        prevBuf = buf;
        buf = b;
        Ranks r = prev;
        prev = cur;
        cur = r;
        return pos;
    }

    /** Writes {@code price:amount} of rank {@code i} (asks' amounts negative) at {@code pos}; returns the end. */
    private int level(LocalOrderBook book, Side side, int s, int i, int ps, int qs, int pos) {
        long px = book.price(side, i);
        long q = book.qty(side, i);
        int pf = book.priceFormat(side, i);
        int qf = book.qtyFormat(side, i);
        long fmts = ((long) pf << 32) | (qf & 0xFFFF_FFFFL);
        int k = s * LEVELS + i;
        cur.price[k] = px;
        cur.qty[k] = q;
        cur.formats[k] = fmts;
        cur.start[k] = pos;
        int was = previousRank(s, i, px, q, fmts);
        int n;
        if (was >= 0) {
            n = prev.length[was];
            System.arraycopy(prevBuf, prev.start[was], buf, pos, n);
        } else {
            int end = NumberText.writeAsSent(px, ps, pf, buf, pos);
            buf[end++] = ':';
            if (side == Side.ASK) {
                buf[end++] = '-';
            }
            end = NumberText.writeAsSent(q, qs, qf, buf, end);
            n = end - pos;
        }
        cur.length[k] = n;
        return pos + n;
    }

    /** Where this level was in the previous string: the same rank, or one away (an insert or delete above it); -1 if not. */
    private int previousRank(int s, int i, long px, long q, long fmts) {
        int base = s * LEVELS;
        for (int d : NEAR) {
            int j = i + d;
            if (j >= 0 && j < prev.n[s]) {
                int k = base + j;
                if (prev.price[k] == px && prev.qty[k] == q && prev.formats[k] == fmts) {
                    return k;
                }
            }
        }
        return -1;
    }

    private int sep(int pos) {
        if (pos > 0) {
            buf[pos++] = ':';
        }
        return pos;
    }
}
