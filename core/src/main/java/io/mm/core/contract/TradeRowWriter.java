package io.mm.core.contract;

import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.TradeBatch;

/** Renders {@code trades_ws} rows: {@code recv_ts_us,recv_seq,event_ts_us,trade_ts_us,trade_id,price,qty,side,ord_type}. */
public final class TradeRowWriter {
    private NumberStyle style;

    public TradeRowWriter(NumberStyle style) {
        this.style = style;
    }

    public void setStyle(NumberStyle style) {
        this.style = style;
    }

    /** Writes trade {@code i} of the batch as one row. */
    public void write(ByteSink out, long recvTsUs, long recvSeq, TradeBatch t, int i) {
        out.append(recvTsUs).append((byte) ',').append(recvSeq).append((byte) ',');
        long ev = t.eventTimeUs != DepthUpdate.NONE ? t.eventTimeUs : t.tradeTimeUs(i);
        out.append(ev).append((byte) ',').append(t.tradeTimeUs(i)).append((byte) ',').append(t.tradeId(i)).append((byte) ',');
        int pos = out.reserve(100);
        byte[] b = out.array();
        pos = style.writePriceToken(t.price(i), t.priceFormat(i), b, pos);
        b[pos++] = ',';
        pos = style.writeQtyToken(t.qty(i), t.qtyFormat(i), b, pos);
        out.advanceTo(pos);
        out.append((byte) ',').append(t.sideName(i)).append((byte) ',').append(t.ordTypeName(i)).append((byte) '\n');
    }
}
