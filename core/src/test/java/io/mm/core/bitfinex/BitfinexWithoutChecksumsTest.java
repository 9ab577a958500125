package io.mm.core.bitfinex;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.book.Side;
import io.mm.core.feed.FrameKind;
import io.mm.core.sync.SyncOutcome;
import io.mm.core.sync.SyncState;
import org.junit.jupiter.api.Test;

/**
 * A Bitfinex connection whose {@code conf} answer grants sequence numbers but no checksums: the book cannot be
 * proven, so the stream's snapshot is taken as the book at once (SYNCED, frames written) instead of waiting for
 * a {@code cs} frame that never comes.
 */
class BitfinexWithoutChecksumsTest {

    @Test
    void aSnapshotIsTheBookAtOnceAndUpdatesApplyUnproven() {
        BitfinexParser p = new BitfinexParser();
        BitfinexChecksumEngine e = new BitfinexChecksumEngine(25);
        assertThat(p.parse("{\"event\":\"conf\",\"status\":\"OK\",\"flags\":65536}")).isEqualTo(FrameKind.CONF);
        e.checksums((p.flags() & BitfinexParser.FLAG_CHECKSUM) != 0);
        assertThat(e.checksums()).isFalse();
        p.parse("{\"event\":\"subscribed\",\"channel\":\"book\",\"chanId\":7,\"symbol\":\"tBTCUSD\",\"prec\":\"P0\",\"freq\":\"F0\",\"len\":\"25\"}");
        e.subscribed("subscribed");
        assertThat(e.state()).isEqualTo(SyncState.SNAPSHOT);
        assertThat(p.parse("[7,[[100,1,2],[101,1,-3]],1]")).isEqualTo(FrameKind.DEPTH_SNAPSHOT);
        assertThat(e.onSnapshot(p.depth(), false)).isEqualTo(SyncOutcome.SYNCED);
        assertThat(e.state()).isEqualTo(SyncState.SYNCED);
        assertThat(e.machine().epoch()).isEqualTo(1);
        assertThat(p.parse("[7,[100,0,1],2]")).isEqualTo(FrameKind.DEPTH_UPDATE);
        assertThat(e.onUpdate(p.depth())).isEqualTo(SyncOutcome.APPLIED);
        assertThat(e.book().depth(Side.BID)).isZero();
        assertThat(e.book().depth(Side.ASK)).isEqualTo(1);
    }

    @Test
    void withChecksumsGrantedTheSnapshotWaitsForItsProof() {
        BitfinexParser p = new BitfinexParser();
        BitfinexChecksumEngine e = new BitfinexChecksumEngine(25);
        p.parse("{\"event\":\"subscribed\",\"channel\":\"book\",\"chanId\":7,\"symbol\":\"tBTCUSD\",\"prec\":\"P0\",\"freq\":\"F0\",\"len\":\"25\"}");
        e.subscribed("subscribed");
        p.parse("[7,[[100,1,2],[101,1,-3]]]");
        assertThat(e.onSnapshot(p.depth(), false)).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(e.state()).isEqualTo(SyncState.SYNCING);
        p.parse("[7,\"cs\"," + e.computeChecksum() + "]");
        assertThat(e.onUpdate(p.depth())).isEqualTo(SyncOutcome.SYNCED);
    }
}
