package io.mm.api.book;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.feed.RawFrame;
import io.mm.core.sync.SyncOutcome;
import io.mm.core.sync.SyncState;
import org.junit.jupiter.api.Test;

/** The relay's book takes the ledger's inputs as the recorder took them: Bitfinex's granted flags, a day that opened mid-run. */
class BookFeedTest {
    private static RawFrame frame(RawFrame.Type type, String text) {
        return new RawFrame(Exchange.BITFINEX, "tBTCUSD", "bitfinex/BTCUSD/20261204", 0, type, 1, -1, text);
    }

    @Test
    void withoutGrantedChecksumsTheStreamsSnapshotIsTheBook() {
        BookFeed f = new BookFeed(Exchange.BITFINEX, "tBTCUSD", 1000, 10, 25);
        f.input(frame(RawFrame.Type.OPEN, "replayed ws_open"));
        f.input(frame(RawFrame.Type.GRANTED_FLAGS, "{\"kind\":\"conf\",\"flags\":65536,\"status\":\"OK\"}"));
        f.input(frame(RawFrame.Type.SUBSCRIBED, "{\"channel\":\"book\",\"depth\":25,\"chan_id\":5}"));
        assertThat(f.diff(1, 1, "[5,[[100,1,2],[101,1,-1]],1]")).as("synced on the snapshot, unproven").isEqualTo(SyncOutcome.SYNCED);
        assertThat(f.diff(2, 2, "[5,[100,2,3],2]")).isEqualTo(SyncOutcome.APPLIED);
    }

    @Test
    void withChecksumsTheSnapshotWaitsForItsProof() {
        BookFeed f = new BookFeed(Exchange.BITFINEX, "tBTCUSD", 1000, 10, 25);
        f.input(frame(RawFrame.Type.OPEN, "replayed ws_open"));
        f.input(frame(RawFrame.Type.GRANTED_FLAGS, "{\"kind\":\"conf\",\"flags\":131072,\"status\":\"OK\"}"));
        f.input(frame(RawFrame.Type.SUBSCRIBED, "{\"channel\":\"book\",\"depth\":25,\"chan_id\":5}"));
        assertThat(f.diff(1, 1, "[5,[[100,1,2],[101,1,-1]]]")).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
    }

    /** A Binance feed fed a day's window_start row written while the run waited for its socket (epoch 1), then its ws_open. */
    private static BookFeed openedAfterTheDay(boolean everSynced) {
        BookFeed f = new BookFeed(Exchange.BINANCE, "BTCUSDT", 1000, 10, 25);
        f.input(new RawFrame(Exchange.BINANCE, "BTCUSDT", "x", 1, RawFrame.Type.WINDOW_START, 1, -1,
                "{\"day\":20261204,\"ever_synced\":" + everSynced + "}"));
        f.input(new RawFrame(Exchange.BINANCE, "BTCUSDT", "x", 0, RawFrame.Type.OPEN, 2, -1, "replayed ws_open"));
        return f;
    }

    @Test
    void aDayThatOpenedWhileTheRecorderWaitedForItsSocketResyncsIntoTheRunsNextEpoch() {
        BookFeed synced = openedAfterTheDay(true);
        assertThat(synced.engine.state()).as("a resync, as the recorder's").isEqualTo(SyncState.RESYNCING);
        assertThat(synced.engine.machine().epoch()).isEqualTo(2);

        BookFeed first = openedAfterTheDay(false);
        assertThat(first.engine.state()).as("a run that never synced takes its first snapshot").isEqualTo(SyncState.SNAPSHOT);
        assertThat(first.engine.machine().epoch()).isEqualTo(1);
    }
}
