package io.mm.core.bitfinex;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.num.NumberText;
import java.util.zip.CRC32;

/**
 * Bitfinex's book checksum: for i in 0..24, the i-th bid's price and amount, then the i-th ask's price and
 * (negative) amount, where they exist, joined with ':'; CRC32 as a signed 32-bit integer. Numbers are
 * hashed as the server wrote them ({@code 7e-7} stays {@code 7e-7}): expanding exponents breaks the match.
 * Reuses one buffer; not thread-safe.
 */
public final class BitfinexChecksum {
    public static final int LEVELS = 25;

    private final CRC32 crc = new CRC32();
    private final byte[] buf = new byte[2 * LEVELS * 2 * 42];

    public int compute(LocalOrderBook book) {
        int pos = write(book);
        crc.reset();
        crc.update(buf, 0, pos);
        return (int) crc.getValue();
    }

    /** The string that is hashed (for diagnostics and tests). */
    public String checksumString(LocalOrderBook book) {
        return new String(buf, 0, write(book), java.nio.charset.StandardCharsets.US_ASCII);
    }

    private int write(LocalOrderBook book) {
        int nb = Math.min(LEVELS, book.depth(Side.BID));
        int na = Math.min(LEVELS, book.depth(Side.ASK));
        int ps = book.priceScale();
        int qs = book.qtyScale();
        int pos = 0;
        for (int i = 0; i < LEVELS; i++) {
            if (i < nb) {
                pos = sep(pos);
                pos = NumberText.writeAsSent(book.price(Side.BID, i), ps, book.priceFormat(Side.BID, i), buf, pos);
                buf[pos++] = ':';
                pos = NumberText.writeAsSent(book.qty(Side.BID, i), qs, book.qtyFormat(Side.BID, i), buf, pos);
            }
            if (i < na) {
                pos = sep(pos);
                pos = NumberText.writeAsSent(book.price(Side.ASK, i), ps, book.priceFormat(Side.ASK, i), buf, pos);
                buf[pos++] = ':';
                buf[pos++] = '-';
                pos = NumberText.writeAsSent(book.qty(Side.ASK, i), qs, book.qtyFormat(Side.ASK, i), buf, pos);
            }
        }
        return pos;
    }

    private int sep(int pos) {
        if (pos > 0) {
            buf[pos++] = ':';
        }
        return pos;
    }
}
