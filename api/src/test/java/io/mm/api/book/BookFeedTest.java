package io.mm.api.book;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.feed.RawFrame;
import io.mm.core.sync.SyncOutcome;
import org.junit.jupiter.api.Test;

/** The relay's book follows the conf flags a Bitfinex server granted, as the recorder does. */
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
}
