package io.mm.core.contract;

import io.mm.core.Exchange;
import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.num.NumberText;

/**
 * The two files every snapshot event names: {@code snapshot_<event_id>_<tag>.csv} (columns
 * {@code side,level,price,qty,last_update_id,checksum}, bids then asks, best first, levels from 1) and the
 * {@code .json} payload. A snapshot received from the exchange keeps its payload verbatim; a {@code day_open}
 * snapshot written from the operator's own synced book uses that exchange's snapshot shape, so the same parser
 * reads both: Binance's REST depth body, Kraken's WS v2 book snapshot (with its checksum), Bitfinex's WS book
 * snapshot {@code [0, [[PRICE, COUNT, AMOUNT], ...]]} (channel id 0: not a live channel).
 */
public final class SnapshotFiles {
    private SnapshotFiles() {}

    /**
     * The CSV of a book.
     *
     * @param lastUpdateId Binance's lastUpdateId, or {@link DepthUpdate#NONE}
     * @param checksum     the exchange's checksum of this book, or {@link DepthUpdate#NONE}
     */
    public static byte[] csv(LocalOrderBook book, NumberStyle style, long lastUpdateId, long checksum) {
        ByteSink out = new ByteSink(64 + 64 * (book.depth(Side.BID) + book.depth(Side.ASK)));
        out.append(String.join(",", ContractFile.SNAPSHOT_COLUMNS)).append((byte) '\n');
        for (Side side : Side.values()) {
            for (int i = 0; i < book.depth(side); i++) {
                out.append(side.csvName()).append((byte) ',').append((long) (i + 1)).append((byte) ',');
                int pos = out.reserve(100);
                byte[] b = out.array();
                pos = style.writePrice(book.price(side, i), book.priceScale(), book.priceFormat(side, i), b, pos);
                b[pos++] = ',';
                pos = style.writeQty(book.qty(side, i), book.qtyScale(), book.qtyFormat(side, i), b, pos);
                b[pos++] = ',';
                out.advanceTo(pos);
                if (lastUpdateId != DepthUpdate.NONE) {
                    out.append(lastUpdateId);
                }
                out.append((byte) ',');
                if (checksum != DepthUpdate.NONE) {
                    out.append(checksum);
                }
                out.append((byte) '\n');
            }
        }
        return out.toByteArray();
    }

    /**
     * A {@code day_open} snapshot payload from a synced book, in the exchange's own snapshot shape.
     *
     * @param pricePrecision Kraken's price precision (ignored elsewhere)
     * @param qtyPrecision   Kraken's quantity precision (ignored elsewhere)
     */
    public static byte[] dayOpenJson(Exchange exchange, String symbol, LocalOrderBook book, long lastUpdateId, long checksum,
                                     int pricePrecision, int qtyPrecision) {
        ByteSink out = new ByteSink(128 + 48 * (book.depth(Side.BID) + book.depth(Side.ASK)));
        switch (exchange) {
            case BINANCE -> {
                out.append("{\"lastUpdateId\":").append(lastUpdateId).append(",\"bids\":");
                binanceSide(out, book, Side.BID);
                out.append(",\"asks\":");
                binanceSide(out, book, Side.ASK);
                out.append("}");
            }
            case KRAKEN -> {
                out.append("{\"channel\":\"book\",\"type\":\"snapshot\",\"data\":[{\"symbol\":");
                NdjsonLines.string(out, symbol);
                out.append(",\"bids\":");
                krakenSide(out, book, Side.BID, pricePrecision, qtyPrecision);
                out.append(",\"asks\":");
                krakenSide(out, book, Side.ASK, pricePrecision, qtyPrecision);
                out.append(",\"checksum\":").append(checksum).append("}]}");
            }
            case BITFINEX -> {
                out.append("[0,[");
                boolean first = true;
                for (Side side : Side.values()) {
                    for (int i = 0; i < book.depth(side); i++) {
                        if (!first) {
                            out.append((byte) ',');
                        }
                        first = false;
                        int pos = out.reserve(100);
                        byte[] b = out.array();
                        b[pos++] = '[';
                        pos = NumberText.writeAsSent(book.price(side, i), book.priceScale(), book.priceFormat(side, i), b, pos);
                        b[pos++] = ',';
                        out.advanceTo(pos);
                        out.append((long) Math.max(1, book.count(side, i))).append((byte) ',');
                        if (side == Side.ASK) {
                            out.append((byte) '-');
                        }
                        pos = out.reserve(48);
                        pos = NumberText.writeAsSent(book.qty(side, i), book.qtyScale(), book.qtyFormat(side, i), out.array(), pos);
                        out.advanceTo(pos);
                        out.append((byte) ']');
                    }
                }
                out.append("]]");
            }
        }
        return out.toByteArray();
    }

    private static void binanceSide(ByteSink out, LocalOrderBook book, Side side) {
        out.append((byte) '[');
        for (int i = 0; i < book.depth(side); i++) {
            if (i > 0) {
                out.append((byte) ',');
            }
            int pos = out.reserve(100);
            byte[] b = out.array();
            b[pos++] = '[';
            b[pos++] = '"';
            pos = NumberText.writeAsSent(book.price(side, i), book.priceScale(), book.priceFormat(side, i), b, pos);
            b[pos++] = '"';
            b[pos++] = ',';
            b[pos++] = '"';
            pos = NumberText.writeAsSent(book.qty(side, i), book.qtyScale(), book.qtyFormat(side, i), b, pos);
            b[pos++] = '"';
            b[pos++] = ']';
            out.advanceTo(pos);
        }
        out.append((byte) ']');
    }

    private static void krakenSide(ByteSink out, LocalOrderBook book, Side side, int pp, int qp) {
        out.append((byte) '[');
        for (int i = 0; i < book.depth(side); i++) {
            if (i > 0) {
                out.append((byte) ',');
            }
            out.append("{\"price\":");
            int pos = out.reserve(100);
            byte[] b = out.array();
            pos = pp >= 0 ? NumberText.writeFixed(book.price(side, i), book.priceScale(), pp, b, pos)
                    : NumberText.writePlain(book.price(side, i), book.priceScale(), book.priceFormat(side, i), b, pos);
            out.advanceTo(pos);
            out.append(",\"qty\":");
            pos = out.reserve(50);
            b = out.array();
            pos = qp >= 0 ? NumberText.writeFixed(book.qty(side, i), book.qtyScale(), qp, b, pos)
                    : NumberText.writePlain(book.qty(side, i), book.qtyScale(), book.qtyFormat(side, i), b, pos);
            out.advanceTo(pos);
            out.append((byte) '}');
        }
        out.append((byte) ']');
    }
}
