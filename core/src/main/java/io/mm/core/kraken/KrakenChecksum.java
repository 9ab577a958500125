package io.mm.core.kraken;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.num.NumberText;
import java.util.zip.CRC32;

/**
 * Kraken's book checksum: CRC32 (unsigned) of the top 10 asks, best first, then the top 10 bids, each level
 * as its price then its quantity with the decimal point removed and leading zeros stripped.
 *
 * <p>WebSocket v2 sends numbers as JSON numbers, so the text hashed is the value printed with the pair's
 * {@code price_precision} and {@code qty_precision} (trailing zeros kept) — {@link #compute}. WebSocket v1
 * sent strings, and the text hashed is the string as sent — {@link #computeAsSent}. Books shallower than 10
 * levels hash the levels they have. Reuses one buffer; not thread-safe.
 */
public final class KrakenChecksum {
    public static final int LEVELS = 10;

    private final CRC32 crc = new CRC32();
    private final byte[] buf = new byte[2 * LEVELS * 2 * 40];

    /** WS v2: numbers formatted with the instrument's precisions. */
    public long compute(LocalOrderBook book, int pricePrecision, int qtyPrecision) {
        int pos = side(book, Side.ASK, pricePrecision, qtyPrecision, 0);
        pos = side(book, Side.BID, pricePrecision, qtyPrecision, pos);
        crc.reset();
        crc.update(buf, 0, pos);
        return crc.getValue();
    }

    /** WS v1: numbers as the exchange wrote them. */
    public long computeAsSent(LocalOrderBook book) {
        int pos = sideAsSent(book, Side.ASK, 0);
        pos = sideAsSent(book, Side.BID, pos);
        crc.reset();
        crc.update(buf, 0, pos);
        return crc.getValue();
    }

    /** The string that is hashed by {@link #compute} (for diagnostics and tests). */
    public String checksumString(LocalOrderBook book, int pricePrecision, int qtyPrecision) {
        int pos = side(book, Side.ASK, pricePrecision, qtyPrecision, 0);
        pos = side(book, Side.BID, pricePrecision, qtyPrecision, pos);
        return new String(buf, 0, pos, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private int side(LocalOrderBook book, Side side, int pp, int qp, int pos) {
        int n = Math.min(LEVELS, book.depth(side));
        int ps = book.priceScale();
        int qs = book.qtyScale();
        for (int i = 0; i < n; i++) {
            pos = NumberText.writeChecksumDigits(book.price(side, i), ps, pp, buf, pos);
            pos = NumberText.writeChecksumDigits(book.qty(side, i), qs, qp, buf, pos);
        }
        return pos;
    }

    private int sideAsSent(LocalOrderBook book, Side side, int pos) {
        int n = Math.min(LEVELS, book.depth(side));
        for (int i = 0; i < n; i++) {
            pos = stripped(book.price(side, i), book.priceScale(), book.priceFormat(side, i), pos);
            pos = stripped(book.qty(side, i), book.qtyScale(), book.qtyFormat(side, i), pos);
        }
        return pos;
    }

    /** Writes the text as sent, then removes '.' and leading zeros in place. */
    private int stripped(long value, int scale, int format, int pos) {
        int end = NumberText.writeAsSent(value, scale, format, buf, pos);
        int w = pos;
        boolean leading = true;
        for (int r = pos; r < end; r++) {
            byte c = buf[r];
            if (c == '.') {
                continue;
            }
            if (leading && c == '0') {
                continue;
            }
            leading = false;
            buf[w++] = c;
        }
        return w;
    }
}
