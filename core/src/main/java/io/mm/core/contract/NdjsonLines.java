package io.mm.core.contract;

import io.mm.core.book.Side;
import io.mm.core.feed.DepthUpdate;

/**
 * Renders the NDJSON lines of {@code diffs/depth_diffs} and {@code trades/trades_ws_raw} (and their
 * {@code live/} twins, which add {@code "attempt"}). The received frame is embedded byte for byte as
 * {@code raw}, so number tokens keep the exact text the exchange sent.
 */
public final class NdjsonLines {
    private static final String HEAD = "{\"recv_seq\":";

    private NdjsonLines() {}

    /**
     * The {@code recv_seq} a line (or the start of one) begins with, or -1 when it does not begin as the recorder's
     * lines do: enough to place or skip a line without reading the rest of it.
     */
    public static long headSeq(CharSequence line) {
        int n = HEAD.length();
        if (line.length() <= n || !HEAD.contentEquals(line.subSequence(0, n))) {
            return -1;
        }
        long v = 0;
        int i = n;
        for (; i < line.length() && i - n < 18 && line.charAt(i) >= '0' && line.charAt(i) <= '9'; i++) {
            v = v * 10 + (line.charAt(i) - '0');
        }
        return i > n && i < line.length() && line.charAt(i) == ',' ? v : -1;
    }

    /**
     * {@code {"recv_seq":..,"recv_ts_us":..,"exchange":..,"symbol":..,"E":..,"U":..,"u":..,"b":[..],"a":[..],
     * "checksum":..,"raw":<frame>}}; {@code E} is the exchange event time in milliseconds (Binance's field as
     * sent), {@code U}/{@code u} are 0 for checksum exchanges.
     *
     * @param attempt the job attempt for live lines, or -1 to leave the field out
     */
    public static void diff(ByteSink out, long recvSeq, long recvTsUs, String exchange, String symbol, DepthUpdate u,
                            NumberStyle style, String raw, int attempt) {
        out.append("{\"recv_seq\":").append(recvSeq).append(",\"recv_ts_us\":").append(recvTsUs);
        out.append(",\"exchange\":");
        string(out, exchange);
        out.append(",\"symbol\":");
        string(out, symbol);
        out.append(",\"E\":");
        if (u.eventTimeUs == DepthUpdate.NONE) {
            out.append("null");
        } else {
            out.append(u.eventTimeUs / 1000);
        }
        out.append(",\"U\":").append(u.firstUpdateId == DepthUpdate.NONE ? 0 : u.firstUpdateId);
        out.append(",\"u\":").append(u.lastUpdateId == DepthUpdate.NONE ? 0 : u.lastUpdateId);
        out.append(",\"b\":");
        levels(out, u, Side.BID, style);
        out.append(",\"a\":");
        levels(out, u, Side.ASK, style);
        out.append(",\"checksum\":");
        if (u.hasChecksum) {
            out.append(u.checksum);
        } else {
            out.append("null");
        }
        if (attempt >= 0) {
            out.append(",\"attempt\":").append((long) attempt);
        }
        out.append(",\"raw\":").append(raw).append("}\n");
    }

    /** {@code {"recv_seq":..,"recv_ts_us":..,"exchange":..,"symbol":..,"raw":<frame>}}. */
    public static void rawTrade(ByteSink out, long recvSeq, long recvTsUs, String exchange, String symbol, String raw, int attempt) {
        out.append("{\"recv_seq\":").append(recvSeq).append(",\"recv_ts_us\":").append(recvTsUs);
        out.append(",\"exchange\":");
        string(out, exchange);
        out.append(",\"symbol\":");
        string(out, symbol);
        if (attempt >= 0) {
            out.append(",\"attempt\":").append((long) attempt);
        }
        out.append(",\"raw\":").append(raw).append("}\n");
    }

    private static void levels(ByteSink out, DepthUpdate u, Side side, NumberStyle style) {
        out.append((byte) '[');
        boolean first = true;
        for (int i = 0; i < u.levels(); i++) {
            if (u.side(i) != side) {
                continue;
            }
            if (!first) {
                out.append((byte) ',');
            }
            first = false;
            int pos = out.reserve(100);
            byte[] b = out.array();
            b[pos++] = '[';
            b[pos++] = '"';
            pos = style.writePriceToken(u.price(i), u.priceFormat(i), b, pos);
            b[pos++] = '"';
            b[pos++] = ',';
            b[pos++] = '"';
            pos = style.writeQtyToken(u.qty(i), u.qtyFormat(i), b, pos);
            b[pos++] = '"';
            b[pos++] = ']';
            out.advanceTo(pos);
        }
        out.append((byte) ']');
    }

    /** A JSON string literal. */
    public static void string(ByteSink out, String s) {
        out.append((byte) '"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append((byte) '\\').append((byte) c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append((byte) '"');
    }
}
