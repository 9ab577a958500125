package io.mm.api.relay;

import io.mm.api.book.BookView;
import io.mm.api.live.LiveLine;
import io.mm.core.Exchange;
import io.mm.core.binance.BinanceParser;
import io.mm.core.bitfinex.BitfinexParser;
import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.contract.ByteSink;
import io.mm.core.contract.NdjsonLines;
import io.mm.core.contract.NumberStyle;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.FrameKind;
import io.mm.core.feed.FrameParser;
import io.mm.core.feed.TradeBatch;
import io.mm.core.kraken.KrakenParser;

/**
 * The relay's messages, format version {@value #VERSION} (docs/ws_relay.md): JSON text, one object per
 * WebSocket message. Diff messages reuse the recorder's own line (every field before {@code raw}, as written),
 * so their numbers are the recorder's text; trades are the recorder's parser's reading of the frame, in the
 * recorder's number style. One instance per symbol, on the relay thread.
 */
final class RelayMessages {
    static final int VERSION = 1;

    private final Exchange exchange;
    private final String symbol;
    private final FrameParser tradeParser;
    private final ByteSink out = new ByteSink(4096);

    RelayMessages(Exchange exchange, String symbol) {
        this.exchange = exchange;
        this.symbol = symbol;
        this.tradeParser = switch (exchange) {
            case BINANCE -> new BinanceParser();
            case KRAKEN -> new KrakenParser();
            case BITFINEX -> {
                BitfinexParser p = new BitfinexParser();
                p.setFlags(BitfinexParser.RECORDER_FLAGS);
                yield p;
            }
        };
    }

    /** {@code {"v":1,"type":"diff","epoch":..,"applied":..,"recv_seq":..,...,"checksum":..,"attempt":..[,"raw":..]}}. */
    byte[] diff(LiveLine l, boolean applied, int epoch, boolean raw) {
        out.reset();
        out.append("{\"v\":").append((long) VERSION).append(",\"type\":\"diff\",\"epoch\":").append((long) epoch)
                .append(",\"applied\":").append(applied ? "true" : "false").append(",");
        out.append(l.headFields());
        if (raw) {
            out.append(",\"raw\":").append(l.raw());
        }
        out.append("}");
        return out.toByteArray();
    }

    /** What a trades frame holds: {@link #trade} and the metrics read it through here. */
    TradeBatch parseTrades(String frame) {
        FrameKind k = tradeParser.parse(frame);
        if (k == FrameKind.MALFORMED && tradeParser instanceof BitfinexParser b && frame.startsWith("[")) {
            int end = 1;
            while (end < frame.length() && Character.isDigit(frame.charAt(end))) {
                end++;
            }
            if (end > 1) {
                b.registerChannel(Long.parseLong(frame.substring(1, end)), BitfinexParser.TRADES, symbol);
                k = tradeParser.parse(frame);
            }
        }
        return k == FrameKind.TRADES ? tradeParser.trades() : null;
    }

    /** A trade price as a number (metrics), in the recorder's number style. */
    static double price(TradeBatch t, int i, NumberStyle style, byte[] scratch) {
        int n = style.writePriceToken(t.price(i), t.priceFormat(i), scratch, 0);
        return Double.parseDouble(new String(scratch, 0, n, java.nio.charset.StandardCharsets.US_ASCII));
    }

    /**
     * {@code {"v":1,"type":"trade","recv_seq":..,...,"trades":[{"id":..,"ts_us":..,"price":"..","qty":"..","side":"buy","ord_type":..}]}}
     * of the {@code selected} trades of {@code t} (none when the frame could not be parsed: {@code t} null).
     */
    byte[] trade(LiveLine l, TradeBatch t, RelayedTrades selected, NumberStyle style, boolean raw) {
        out.reset();
        out.append("{\"v\":").append((long) VERSION).append(",\"type\":\"trade\",");
        out.append(l.headFields());
        out.append(",\"trades\":[");
        if (t != null) {
            for (int k = 0; k < selected.count(); k++) {
                int i = selected.index(k);
                if (k > 0) {
                    out.append(",");
                }
                out.append("{\"id\":").append(t.tradeId(i)).append(",\"ts_us\":").append(t.tradeTimeUs(i)).append(",\"price\":\"");
                int pos = out.reserve(100);
                pos = style.writePriceToken(t.price(i), t.priceFormat(i), out.array(), pos);
                out.advanceTo(pos);
                out.append("\",\"qty\":\"");
                pos = out.reserve(100);
                pos = style.writeQtyToken(t.qty(i), t.qtyFormat(i), out.array(), pos);
                out.advanceTo(pos);
                out.append("\",\"side\":\"").append(t.sideName(i)).append("\"");
                String ot = t.ordTypeName(i);
                out.append(",\"ord_type\":").append(ot.isEmpty() ? "null" : "\"" + ot + "\"").append("}");
            }
            out.append("],\"snapshot\":").append(t.snapshot ? "true" : "false");
        } else {
            out.append("],\"snapshot\":false");
        }
        if (raw) {
            out.append(",\"raw\":").append(l.raw());
        }
        out.append("}");
        return out.toByteArray();
    }

    /** The whole book, best first: what a client starts from (and starts again from after a resync). */
    byte[] book(BookView b) {
        out.reset();
        out.append("{\"v\":").append((long) VERSION).append(",\"type\":\"book\",\"exchange\":\"").append(exchange.id())
                .append("\",\"symbol\":");
        NdjsonLines.string(out, symbol);
        out.append(",\"recv_seq\":").append(b.recvSeq()).append(",\"recv_ts_us\":").append(b.recvTsUs()).append(",\"E\":");
        if (b.eventTsUs() == DepthUpdate.NONE) {
            out.append("null");
        } else {
            out.append(b.eventTsUs() / 1000);
        }
        out.append(",\"epoch\":").append((long) b.epoch()).append(",\"state\":\"").append(b.state()).append("\",\"last_update_id\":");
        appendOrNull(b.lastUpdateId());
        out.append(",\"checksum\":");
        appendOrNull(b.checksum());
        out.append(",\"depth\":");
        if (b.cutDepth() > 0) {
            out.append((long) b.cutDepth());
        } else {
            out.append("null");
        }
        out.append(",\"bids\":");
        levels(b.book(), Side.BID, b.style(), Integer.MAX_VALUE, out);
        out.append(",\"asks\":");
        levels(b.book(), Side.ASK, b.style(), Integer.MAX_VALUE, out);
        out.append("}");
        return out.toByteArray();
    }

    byte[] resync(long seq, int epoch, String state, String reason) {
        out.reset();
        out.append("{\"v\":").append((long) VERSION).append(",\"type\":\"resync\",\"exchange\":\"").append(exchange.id())
                .append("\",\"symbol\":");
        NdjsonLines.string(out, symbol);
        out.append(",\"recv_seq\":").append(seq).append(",\"epoch\":").append((long) epoch).append(",\"state\":\"").append(state)
                .append("\",\"reason\":");
        NdjsonLines.string(out, reason);
        out.append("}");
        return out.toByteArray();
    }

    /** The recorder stopped cleanly ({@code run_end}): the book stays as of {@code seq}, nothing follows until it records again. */
    byte[] stopped(long seq, int epoch, long runEndTsUs) {
        out.reset();
        out.append("{\"v\":").append((long) VERSION).append(",\"type\":\"stopped\",\"exchange\":\"").append(exchange.id())
                .append("\",\"symbol\":");
        NdjsonLines.string(out, symbol);
        out.append(",\"recv_seq\":").append(seq).append(",\"epoch\":").append((long) epoch).append(",\"state\":\"STOPPED\",\"ts_us\":")
                .append(runEndTsUs).append(",\"reason\":\"the recorder stopped cleanly (run_end): the book stays as of recv_seq ")
                .append(seq).append(" until it records again\"}");
        return out.toByteArray();
    }

    private void appendOrNull(long v) {
        if (v == DepthUpdate.NONE) {
            out.append("null");
        } else {
            out.append(v);
        }
    }

    /** {@code [["price","qty"],...]}, at most {@code max} levels from the best. */
    static void levels(LocalOrderBook book, Side side, NumberStyle style, int max, ByteSink out) {
        out.append("[");
        int n = Math.min(max, book.depth(side));
        int ps = book.priceScale();
        int qs = book.qtyScale();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(",");
            }
            int pos = out.reserve(100);
            byte[] a = out.array();
            a[pos++] = '[';
            a[pos++] = '"';
            pos = style.writePrice(book.price(side, i), ps, book.priceFormat(side, i), a, pos);
            a[pos++] = '"';
            a[pos++] = ',';
            a[pos++] = '"';
            pos = style.writeQty(book.qty(side, i), qs, book.qtyFormat(side, i), a, pos);
            a[pos++] = '"';
            a[pos++] = ']';
            out.advanceTo(pos);
        }
        out.append("]");
    }
}
