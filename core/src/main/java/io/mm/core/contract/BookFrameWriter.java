package io.mm.core.contract;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.feed.DepthUpdate;

/**
 * Renders one {@code orderbook_ws_depth} row: {@code recv_ts_us,recv_seq,event_ts_us,epoch,last_update_id,
 * checksum}, then for level i = 1..N {@code bid_px_i,bid_qty_i,ask_px_i,ask_qty_i}; missing levels are
 * empty cells. Reads the book in place (top-N without copying) and writes into a reused {@link ByteSink};
 * levels unchanged since an earlier row are copied from a {@link LevelTextCache} rather than formatted.
 */
public final class BookFrameWriter {
    private final int levels;
    private NumberStyle style;
    private final LevelTextCache bidText;
    private final LevelTextCache askText;
    private final byte[] scratch = new byte[128];
    private int cachedPriceScale = -1;
    private int cachedQtyScale = -1;

    public BookFrameWriter(int levels, NumberStyle style) {
        if (levels < 1) {
            throw new IllegalArgumentException("DEPTH_LEVELS must be at least 1: " + levels);
        }
        this.levels = levels;
        this.style = style;
        // room for the levels of many rows: prices come and go around the top of the book
        this.bidText = new LevelTextCache(Math.max(256, 16 * levels));
        this.askText = new LevelTextCache(Math.max(256, 16 * levels));
    }

    public int levels() {
        return levels;
    }

    public void setStyle(NumberStyle style) {
        this.style = style;
        bidText.clear(); // the cached texts were rendered in the old style
        askText.clear();
    }

    /**
     * @param lastUpdateId Binance {@code u}; 0 for checksum exchanges
     * @param checksum     the exchange's checksum of this update, or {@link DepthUpdate#NONE} for none
     */
    public void write(ByteSink out, long recvTsUs, long recvSeq, long eventTsUs, int epoch, long lastUpdateId,
                      long checksum, LocalOrderBook book) {
        out.append(recvTsUs).append((byte) ',').append(recvSeq).append((byte) ',');
        if (eventTsUs != DepthUpdate.NONE) {
            out.append(eventTsUs);
        }
        out.append((byte) ',').append((long) epoch).append((byte) ',').append(lastUpdateId == DepthUpdate.NONE ? 0 : lastUpdateId)
                .append((byte) ',');
        if (checksum != DepthUpdate.NONE) {
            out.append(checksum);
        }
        int nb = book.depth(Side.BID);
        int na = book.depth(Side.ASK);
        int ps = book.priceScale();
        int qs = book.qtyScale();
        if (ps != cachedPriceScale || qs != cachedQtyScale) {
            // a scale change gives the same scaled value another meaning: forget every cached text
            bidText.clear();
            askText.clear();
            cachedPriceScale = ps;
            cachedQtyScale = qs;
        }
        for (int i = 0; i < levels; i++) {
            int pos = out.reserve(4 * 44);
            byte[] b = out.array();
            b[pos++] = ',';
            if (i < nb) {
                pos = level(book, Side.BID, i, ps, qs, bidText, b, pos);
            } else {
                b[pos++] = ',';
            }
            b[pos++] = ',';
            if (i < na) {
                pos = level(book, Side.ASK, i, ps, qs, askText, b, pos);
            } else {
                b[pos++] = ',';
            }
            out.advanceTo(pos);
        }
        out.append((byte) '\n');
    }

    /** Writes {@code price,qty} of one level: copied when this text was rendered for an earlier row. */
    private int level(LocalOrderBook book, Side side, int i, int ps, int qs, LevelTextCache cache, byte[] b, int pos) {
        long px = book.price(side, i);
        long q = book.qty(side, i);
        int pf = book.priceFormat(side, i);
        int qf = book.qtyFormat(side, i);
        long fmts = ((long) pf << 32) | (qf & 0xFFFF_FFFFL);
        int slot = cache.find(px, q, fmts);
        if (slot >= 0) {
            int n = cache.length(slot);
            System.arraycopy(cache.text(), LevelTextCache.offset(slot), b, pos, n);
            return pos + n;
        }
        int n = style.writePrice(px, ps, pf, scratch, 0);
        scratch[n++] = ',';
        n = style.writeQty(q, qs, qf, scratch, n);
        System.arraycopy(scratch, 0, b, pos, n);
        if (n <= LevelTextCache.capacityBytes()) {
            slot = cache.claim(px, q, fmts);
            System.arraycopy(scratch, 0, cache.text(), LevelTextCache.offset(slot), n);
            cache.setLength(slot, n);
        }
        return pos + n;
    }
}
