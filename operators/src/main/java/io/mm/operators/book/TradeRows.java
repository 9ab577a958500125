package io.mm.operators.book;

import io.mm.core.feed.TradeBatch;
import io.mm.core.feed.TradeTracker;
import io.mm.core.ledger.EventType;
import io.mm.core.ledger.Gap;
import io.mm.core.ledger.GapKind;

/**
 * The {@link TradeTracker}'s decisions about each batch of trades, as rows: new trades into the trades file, lost ones
 * as gap rows. One instance per symbol, aimed at each batch in turn, so that a batch allocates nothing.
 */
final class TradeRows implements TradeTracker.Sink {
    private final Ledger ledger;
    private final DataRows rows;
    private final Telemetry telemetry;
    private TradeBatch batch;
    private long seq;
    private long now;
    /** When the previous batch of this run came: trades lost inside a connection were sent after it. */
    private long lastBatchRecvUs;

    TradeRows(Ledger ledger, DataRows rows, Telemetry telemetry) {
        this.ledger = ledger;
        this.rows = rows;
        this.telemetry = telemetry;
    }

    /** The tracker sorts out batch {@code t} (input {@code seq}, received at {@code now}) into rows. */
    void accept(TradeTracker tracker, TradeBatch t, long seq, long now) {
        this.batch = t;
        this.seq = seq;
        this.now = now;
        tracker.accept(t, this);
        lastBatchRecvUs = now;
    }

    @Override
    public void lost(GapKind kind, long expectedId, long gotId) {
        Details det = Details.of("stream", "trades").put("lost_trades", gotId - expectedId);
        if (kind == GapKind.SEQUENCE) {
            // nothing else shows a trade lost inside a connection: a ledger row too, and candles do not trust the span
            det.put("expected", expectedId).put("got", gotId).put("trades", Gap.TRADES_POSSIBLY_INCOMPLETE)
                    .put("since_recv_ts_us", lastBatchRecvUs).put("until_recv_ts_us", now);
            telemetry.gap();
            ledger.event(now, EventType.GAP, det);
        }
        ledger.gap(now, kind, Long.toString(expectedId), Long.toString(gotId), det);
    }

    @Override
    public void trade(int i) {
        rows.trade(now, seq, batch, i);
        telemetry.trade();
    }
}
