package io.mm.operators;

import io.mm.core.clock.RecorderClock;
import io.mm.core.window.TradingWindow;
import java.io.Serializable;

/**
 * What the keyed operator needs to know, fixed at job start (the original recorder's knobs).
 *
 * @param runId              identifies this job run in the ledger (kept across checkpoint recoveries)
 * @param depthLevels        {@code DEPTH_LEVELS}: levels per book-frame row
 * @param storeDepthDiffs    {@code STORE_DEPTH_DIFFS}: write {@code diffs/depth_diffs_*.ndjson.gz}
 * @param liveStream         {@code LIVE_STREAM}: write {@code live/*.ndjson}
 * @param heartbeatSec       {@code HEARTBEAT_SEC}: a heartbeat event per symbol this often (0 = never)
 * @param syncWarnAfterSec   {@code SYNC_WARN_AFTER_SEC}: a warning when a symbol is not synced this long
 * @param bookSnapshotSec    {@code BOOK_SNAPSHOT_INTERVAL_S}: a {@code periodic} snapshot of each synced book this often,
 *                           each symbol at its own point of the period (0 = never): where a reader (the relay) can start
 * @param snapshotLimit      {@code SNAPSHOT_LIMIT}: levels asked of Binance's REST depth snapshot
 * @param krakenDepth        Kraken book depth subscribed (10, 25, 100, 500, 1000)
 * @param bitfinexLength     Bitfinex book length subscribed (25)
 * @param maxBufferedUpdates updates held per symbol while waiting for a snapshot (and the rolling window)
 * @param windowTz           {@code WINDOW_TZ}
 * @param windowStart        {@code WINDOW_START_HHMM}
 * @param windowEnd          {@code WINDOW_END_HHMM}
 * @param windowEndDayOffset {@code WINDOW_END_DAY_OFFSET}
 * @param clockSpec          {@code system}, or a driven clock (see {@link RecorderClock#parse})
 * @param clockAnchorMillis  the wall-clock anchor of a driven clock (set once at job start)
 * @param replay             true in the replay validator: recv_seq, snapshots and times come from the recording
 */
public record RecorderSettings(String runId, int depthLevels, boolean storeDepthDiffs, boolean liveStream, int heartbeatSec,
                               int syncWarnAfterSec, int bookSnapshotSec, int snapshotLimit, int krakenDepth, int bitfinexLength,
                               int maxBufferedUpdates, String windowTz, String windowStart, String windowEnd,
                               String windowEndDayOffset, String clockSpec, long clockAnchorMillis, boolean replay)
        implements Serializable {

    public static RecorderSettings defaults(String runId) {
        return new RecorderSettings(runId, 20, true, true, 60, 30, 3600, 1000, 10, 25, 10_000, TradingWindow.DEFAULT_TZ, "00:00", "00:15",
                "1", "system", System.currentTimeMillis(), false);
    }

    public TradingWindow window() {
        return TradingWindow.parse(windowTz, windowStart, windowEnd, windowEndDayOffset);
    }

    public RecorderClock clock() {
        return RecorderClock.parse(clockSpec, clockAnchorMillis);
    }

    public RecorderSettings withReplay(boolean on) {
        return new RecorderSettings(runId, depthLevels, storeDepthDiffs, liveStream, heartbeatSec, syncWarnAfterSec, bookSnapshotSec, snapshotLimit,
                krakenDepth, bitfinexLength, maxBufferedUpdates, windowTz, windowStart, windowEnd, windowEndDayOffset, clockSpec,
                clockAnchorMillis, on);
    }

    public RecorderSettings withClock(String spec, long anchorMillis) {
        return new RecorderSettings(runId, depthLevels, storeDepthDiffs, liveStream, heartbeatSec, syncWarnAfterSec, bookSnapshotSec, snapshotLimit,
                krakenDepth, bitfinexLength, maxBufferedUpdates, windowTz, windowStart, windowEnd, windowEndDayOffset, spec,
                anchorMillis, replay);
    }

    public RecorderSettings withWindow(String tz, String start, String end, String offset) {
        return new RecorderSettings(runId, depthLevels, storeDepthDiffs, liveStream, heartbeatSec, syncWarnAfterSec, bookSnapshotSec, snapshotLimit,
                krakenDepth, bitfinexLength, maxBufferedUpdates, tz, start, end, offset, clockSpec, clockAnchorMillis, replay);
    }

    public RecorderSettings withOutputs(int depthLevels, boolean storeDepthDiffs, boolean liveStream) {
        return new RecorderSettings(runId, depthLevels, storeDepthDiffs, liveStream, heartbeatSec, syncWarnAfterSec, bookSnapshotSec, snapshotLimit,
                krakenDepth, bitfinexLength, maxBufferedUpdates, windowTz, windowStart, windowEnd, windowEndDayOffset, clockSpec,
                clockAnchorMillis, replay);
    }

    public RecorderSettings withTelemetry(int heartbeatSec, int syncWarnAfterSec) {
        return new RecorderSettings(runId, depthLevels, storeDepthDiffs, liveStream, heartbeatSec, syncWarnAfterSec, bookSnapshotSec, snapshotLimit,
                krakenDepth, bitfinexLength, maxBufferedUpdates, windowTz, windowStart, windowEnd, windowEndDayOffset, clockSpec,
                clockAnchorMillis, replay);
    }

    public RecorderSettings withBooks(int snapshotLimit, int krakenDepth, int maxBufferedUpdates) {
        return new RecorderSettings(runId, depthLevels, storeDepthDiffs, liveStream, heartbeatSec, syncWarnAfterSec, bookSnapshotSec, snapshotLimit,
                krakenDepth, bitfinexLength, maxBufferedUpdates, windowTz, windowStart, windowEnd, windowEndDayOffset, clockSpec,
                clockAnchorMillis, replay);
    }
}
