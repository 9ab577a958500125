package io.mm.operators.book;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.contract.BookFrameWriter;
import io.mm.core.contract.ByteSink;
import io.mm.core.contract.ContractFile;
import io.mm.core.contract.NdjsonLines;
import io.mm.core.contract.NumberStyle;
import io.mm.core.contract.TradeRowWriter;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.TradeBatch;
import io.mm.operators.RecorderSettings;

/**
 * A symbol's market-data rows in every open day: book frames, depth diffs, raw trade messages, trades, and their live
 * lines (tagged with the task attempt; never in a replay). One reused buffer: no allocation per row but the row's bytes.
 */
final class DataRows {
    private final String exchange;
    private final String symbol;
    private final OpenDays days;
    private final boolean storeDiffs;
    private final boolean live;
    private final int attempt;
    private final BookFrameWriter frames;
    private final TradeRowWriter trades;
    private final ByteSink row = new ByteSink(1024);

    DataRows(String exchange, String symbol, RecorderSettings settings, OpenDays days, NumberStyle style, int attempt) {
        this.exchange = exchange;
        this.symbol = symbol;
        this.days = days;
        this.storeDiffs = settings.storeDepthDiffs();
        this.live = settings.liveStream() && !settings.replay();
        this.attempt = attempt;
        this.frames = new BookFrameWriter(settings.depthLevels(), style);
        this.trades = new TradeRowWriter(style);
    }

    /** The instrument's numbers changed (Kraken's precisions). */
    void style(NumberStyle style) {
        frames.setStyle(style);
        trades.setStyle(style);
    }

    /** A depth update's diff line, and its live line. */
    void diff(long seq, long now, DepthUpdate u, NumberStyle style, String raw) {
        if (!storeDiffs && !live) {
            return;
        }
        if (storeDiffs) {
            row.reset();
            NdjsonLines.diff(row, seq, now, exchange, symbol, u, style, raw, -1);
            days.appendAll(ContractFile.DEPTH_DIFFS, row.toByteArray());
        }
        if (live) {
            row.reset();
            NdjsonLines.diff(row, seq, now, exchange, symbol, u, style, raw, attempt);
            days.live(true, row.toByteArray());
        }
    }

    /** A trades message as received, and its live line. */
    void rawTrades(long seq, long now, String raw) {
        row.reset();
        NdjsonLines.rawTrade(row, seq, now, exchange, symbol, raw, -1);
        days.appendAll(ContractFile.TRADES_RAW, row.toByteArray());
        if (live) {
            row.reset();
            NdjsonLines.rawTrade(row, seq, now, exchange, symbol, raw, attempt);
            days.live(false, row.toByteArray());
        }
    }

    /** Trade {@code i} of the batch as a trades row. */
    void trade(long now, long seq, TradeBatch t, int i) {
        row.reset();
        trades.write(row, now, seq, t, i);
        days.appendAll(ContractFile.TRADES, row.toByteArray());
    }

    /** The book after input {@code seq} as a book frame row. */
    void frame(long now, long seq, long eventTimeUs, int epoch, long lastUpdateId, long checksum, LocalOrderBook book) {
        row.reset();
        frames.write(row, now, seq, eventTimeUs, epoch, lastUpdateId, checksum, book);
        days.appendAll(ContractFile.ORDERBOOK, row.toByteArray());
    }
}
