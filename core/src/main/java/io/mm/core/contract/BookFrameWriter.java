package io.mm.core.contract;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.feed.DepthUpdate;

/**
 * Renders one {@code orderbook_ws_depth} row: {@code recv_ts_us,recv_seq,event_ts_us,epoch,last_update_id,
 * checksum}, then for level i = 1..N {@code bid_px_i,bid_qty_i,ask_px_i,ask_qty_i}; missing levels are
 * empty cells. Reads the book in place (top-N without copying) and writes into a reused {@link ByteSink};
 * levels unchanged since the previous row are copied from it ({@link RowLevelTexts}) rather than formatted.
 */
public final class BookFrameWriter {
    private final int levels;
    private NumberStyle style;
    private final RowLevelTexts bidText;
    private final RowLevelTexts askText;
    /** The bytes of the row written last, which the next row copies unchanged levels from. */
    private byte[] previousRow = new byte[1024];
    private int cachedPriceScale = -1;
    private int cachedQtyScale = -1;

    public BookFrameWriter(int levels, NumberStyle style) {
        if (levels < 1) {
            throw new IllegalArgumentException("DEPTH_LEVELS must be at least 1: " + levels);
        }
        this.levels = levels;
        this.style = style;
        this.bidText = new RowLevelTexts(Side.BID, levels, (byte) ',', false);
        this.askText = new RowLevelTexts(Side.ASK, levels, (byte) ',', false);
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
        int rowStart = out.length();
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
            // a scale change gives the same scaled value another meaning: forget the previous row's texts
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
                pos = bidText.write(book, i, ps, qs, style, previousRow, b, rowStart, pos);
            } else {
                b[pos++] = ',';
            }
            b[pos++] = ',';
            if (i < na) {
                pos = askText.write(book, i, ps, qs, style, previousRow, b, rowStart, pos);
            } else {
                b[pos++] = ',';
            }
            out.advanceTo(pos);
        }
        bidText.endRow(Math.min(nb, levels));
        askText.endRow(Math.min(na, levels));
        int rowLength = out.length() - rowStart;
        if (rowLength > previousRow.length) {
            previousRow = new byte[Math.max(rowLength, 2 * previousRow.length)];
        }
        System.arraycopy(out.array(), rowStart, previousRow, 0, rowLength);
        out.append((byte) '\n');
    }
}
