package io.mm.operators.book;

import io.mm.core.book.Side;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.ledger.EventType;
import io.mm.core.sync.BookSyncEngine;
import io.mm.core.sync.SyncState;
import org.apache.flink.metrics.MetricGroup;

/**
 * A symbol's counts for its heartbeat rows and its Flink metrics, when the next heartbeat is due, and how long the book
 * has not been synced (a warning row after {@code SYNC_WARN_AFTER_SEC}). A replay writes no heartbeats and has no metrics.
 */
final class Telemetry {
    private final long heartbeatUs;
    private final long syncWarnAfterUs;
    private SymbolMetrics metrics;
    private long messages;
    private long bytes;
    private long frames;
    private long trades;
    private long gaps;
    private long resyncs;
    private long nextHeartbeatUs = DepthUpdate.NONE;
    private long notSyncedSinceUs = DepthUpdate.NONE;
    private boolean syncWarned;

    /** Heartbeats every {@code heartbeatSec} (0: none), a warning after {@code syncWarnAfterSec} not synced (0: none). */
    Telemetry(int heartbeatSec, int syncWarnAfterSec) {
        this.heartbeatUs = heartbeatSec * 1_000_000L;
        this.syncWarnAfterUs = syncWarnAfterSec * 1_000_000L;
    }

    void attach(MetricGroup group, String exchange, String symbol, BookSyncEngine engine) {
        metrics = new SymbolMetrics(group, exchange, symbol, engine);
    }

    void message(int length) {
        messages++;
        bytes += length;
        if (metrics != null) {
            metrics.messages.inc();
            metrics.bytes.inc(length);
        }
    }

    /** The exchange's stamp of an update against its receive time. */
    void received(long exchangeUs, long recvUs) {
        if (exchangeUs != DepthUpdate.NONE && metrics != null) {
            metrics.latencyUs.update(recvUs - exchangeUs);
        }
    }

    /** A book frame written; {@code exchangeUs} the update's stamp, compared with the wall clock when {@code wall}. */
    void frame(long exchangeUs, boolean wall) {
        frames++;
        if (metrics != null) {
            metrics.frames.inc();
            if (exchangeUs != DepthUpdate.NONE && wall) {
                // the exchange's stamp is wall time whatever clock drives the days, so compare with the wall
                metrics.frameLatencyUs.update(System.currentTimeMillis() * 1000 - exchangeUs);
            }
        }
    }

    void trade() {
        trades++;
        if (metrics != null) {
            metrics.trades.inc();
        }
    }

    void gap() {
        gaps++;
        if (metrics != null) {
            metrics.gaps.inc();
        }
    }

    void resync() {
        resyncs++;
        if (metrics != null) {
            metrics.resyncs.inc();
        }
    }

    /** The next heartbeat one period after {@code now} (none in a replay or without a period). */
    void scheduleHeartbeat(long now, boolean replay) {
        nextHeartbeatUs = heartbeatUs > 0 && !replay ? now + heartbeatUs : DepthUpdate.NONE;
    }

    boolean heartbeatDue(long now) {
        return nextHeartbeatUs != DepthUpdate.NONE && now >= nextHeartbeatUs;
    }

    /** The heartbeat row's counts since the last one, which start over. */
    Details heartbeat(BookSyncEngine engine, long now, long lastDataRecvUs) {
        Details d = Details.of("state", engine.state().name()).put("messages", messages).put("bytes", bytes).put("frames", frames)
                .put("trades", trades).put("gaps", gaps).put("resyncs", resyncs).put("bids", engine.book().depth(Side.BID))
                .put("asks", engine.book().depth(Side.ASK)).put("buffered", engine.buffered())
                .put("last_data_age_ms", lastDataRecvUs == 0 ? null : (now - lastDataRecvUs) / 1000);
        messages = bytes = frames = trades = gaps = resyncs = 0;
        return d;
    }

    /** The book stopped being synced at {@code now}, unless it already was not. */
    void notSynced(long now) {
        if (notSyncedSinceUs == DepthUpdate.NONE) {
            notSyncedSinceUs = now;
        }
    }

    /** The book is not synced from {@code now}, counted from scratch (a run start, a restore). */
    void notSyncedFrom(long now) {
        notSyncedSinceUs = now;
    }

    void synced() {
        notSyncedSinceUs = DepthUpdate.NONE;
        syncWarned = false;
    }

    /** The book adopted a recorded synced book (replay): synced, with the warning state left as it was. */
    void adopted() {
        notSyncedSinceUs = DepthUpdate.NONE;
    }

    /** The seconds not synced, once, when the warning is due (never for a stopped book); else -1. */
    long syncWarning(long now, boolean stopped) {
        if (!syncWarned && notSyncedSinceUs != DepthUpdate.NONE && syncWarnAfterUs > 0 && now - notSyncedSinceUs >= syncWarnAfterUs
                && !stopped) {
            syncWarned = true;
            return (now - notSyncedSinceUs) / 1_000_000;
        }
        return -1;
    }

    /** The heartbeat row when one is due, and the warning row once the book has not synced for too long. */
    void tick(long now, BookSyncEngine engine, Ledger ledger, long lastDataRecvUs, boolean replay) {
        if (heartbeatDue(now)) {
            ledger.event(now, EventType.HEARTBEAT, heartbeat(engine, now, lastDataRecvUs));
            scheduleHeartbeat(now, replay);
        }
        long notSyncedSec = syncWarning(now, engine.state() == SyncState.STOPPED);
        if (notSyncedSec >= 0) {
            ledger.event(now, EventType.WARNING, Details.of("warning", "not synced for " + notSyncedSec + " s")
                    .put("state", engine.state().name()).put("buffered", engine.buffered()));
        }
    }

    /** The earlier of {@code next} and the next heartbeat or sync warning. */
    long wakeUs(long next) {
        if (nextHeartbeatUs != DepthUpdate.NONE) {
            next = Math.min(next, nextHeartbeatUs);
        }
        if (!syncWarned && notSyncedSinceUs != DepthUpdate.NONE && syncWarnAfterUs > 0) {
            next = Math.min(next, notSyncedSinceUs + syncWarnAfterUs);
        }
        return next;
    }
}
