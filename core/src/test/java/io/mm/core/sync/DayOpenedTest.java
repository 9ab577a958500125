package io.mm.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.binance.BinanceParser;
import io.mm.core.binance.BinanceSyncEngine;
import io.mm.core.feed.FrameKind;
import org.junit.jupiter.api.Test;

/** A trading day opens while the book is being synced: only what the day's files hold may build its book. */
class DayOpenedTest {
    private final BinanceParser parser = new BinanceParser();
    private final BinanceSyncEngine engine = new BinanceSyncEngine(100);

    private SyncOutcome update(long first, long last) {
        assertThat(parser.parse("{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"U\":" + first + ",\"u\":" + last
                + ",\"b\":[[\"100.0\",\"1.0\"]],\"a\":[[\"101.0\",\"1.0\"]]}")).isEqualTo(FrameKind.DEPTH_UPDATE);
        return engine.onUpdate(parser.depth());
    }

    private SyncOutcome snapshot(long lastUpdateId) {
        assertThat(parser.parseRestSnapshot("{\"lastUpdateId\":" + lastUpdateId + ",\"bids\":[[\"99.0\",\"2.0\"]],\"asks\":[[\"102.0\",\"2.0\"]]}",
                "BTCUSDT")).isEqualTo(FrameKind.DEPTH_SNAPSHOT);
        return engine.onSnapshot(parser.depth(), true);
    }

    @Test
    void aBookWaitingForItsSnapshotDropsTheUpdatesBufferedBeforeTheDay() {
        engine.subscribed("stream open");
        update(10, 12);
        update(13, 15);
        assertThat(engine.buffered()).isEqualTo(2);
        assertThat(engine.dayOpened("day")).as("no new snapshot is needed").isFalse();
        assertThat(engine.buffered()).isZero();
        assertThat(engine.state()).isEqualTo(SyncState.SNAPSHOT);
        update(16, 18);
        // the snapshot answered after the opening bridges only the day's own updates
        assertThat(snapshot(15)).isEqualTo(SyncOutcome.SYNCED);
        assertThat(engine.machine().epoch()).isEqualTo(1);
    }

    @Test
    void aBookAppliedButNotYetProvenResyncsInTheNextEpoch() {
        engine.subscribed("stream open");
        update(10, 12);
        snapshot(20);
        assertThat(engine.state()).as("waiting for the update that bridges the snapshot").isEqualTo(SyncState.SYNCING);
        assertThat(engine.dayOpened("day")).as("a new snapshot is needed").isTrue();
        assertThat(engine.state()).isEqualTo(SyncState.RESYNCING);
        assertThat(engine.machine().epoch()).isEqualTo(2);
    }

    @Test
    void aSyncedOrDisconnectedBookIsLeftAsItIs() {
        assertThat(engine.dayOpened("day")).isFalse();
        assertThat(engine.state()).isEqualTo(SyncState.CONNECTING);
        engine.subscribed("stream open");
        update(10, 12);
        snapshot(10);
        assertThat(engine.state()).isEqualTo(SyncState.SYNCED);
        assertThat(engine.dayOpened("day")).isFalse();
        assertThat(engine.state()).isEqualTo(SyncState.SYNCED);
    }
}
