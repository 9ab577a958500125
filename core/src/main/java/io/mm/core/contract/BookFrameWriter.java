package io.mm.core.contract;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.feed.DepthUpdate;

/**
 * Renders one {@code orderbook_ws_depth} row: {@code recv_ts_us,recv_seq,event_ts_us,epoch,last_update_id,
 * checksum}, then for level i = 1..N {@code bid_px_i,bid_qty_i,ask_px_i,ask_qty_i}; missing levels are
 * empty cells. Reads the book in place (top-N without copying) and writes into a reused {@link ByteSink}.
 */
public final class BookFrameWriter {
    private final int levels;
    private NumberStyle style;

    public BookFrameWriter(int levels, NumberStyle style) {
        if (levels < 1) {
            throw new IllegalArgumentException("DEPTH_LEVELS must be at least 1: " + levels);
        }
        this.levels = levels;
        this.style = style;
    }

    public int levels() {
        return levels;
    }

    public void setStyle(NumberStyle style) {
        this.style = style;
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
        for (int i = 0; i < levels; i++) {
            int pos = out.reserve(4 * 44);
            byte[] b = out.array();
            b[pos++] = ',';
            if (i < nb) {
                pos = style.writePrice(book.price(Side.BID, i), ps, book.priceFormat(Side.BID, i), b, pos);
                b[pos++] = ',';
                pos = style.writeQty(book.qty(Side.BID, i), qs, book.qtyFormat(Side.BID, i), b, pos);
            } else {
                b[pos++] = ',';
            }
            b[pos++] = ',';
            if (i < na) {
                pos = style.writePrice(book.price(Side.ASK, i), ps, book.priceFormat(Side.ASK, i), b, pos);
                b[pos++] = ',';
                pos = style.writeQty(book.qty(Side.ASK, i), qs, book.qtyFormat(Side.ASK, i), b, pos);
            } else {
                b[pos++] = ',';
            }
            out.advanceTo(pos);
        }
        out.append((byte) '\n');
    }
}
