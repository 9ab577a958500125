package io.mm.operators.book;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.sync.SyncState;
import org.junit.jupiter.api.Test;

class SnapshotRequestsTest {
    @Test
    void aRequestIsTakenOnceAndNotAgainWhileInFlight() {
        SnapshotRequests r = new SnapshotRequests(false);
        r.request(1_000);
        assertThat(r.take(999, SyncState.SNAPSHOT)).isFalse();
        assertThat(r.take(1_000, SyncState.SNAPSHOT)).isTrue();
        r.request(2_000);
        assertThat(r.take(3_000, SyncState.SNAPSHOT)).as("one in flight").isFalse();
        r.answered();
        assertThat(r.take(3_000, SyncState.SNAPSHOT)).isTrue();
        assertThat(r.take(3_000, SyncState.SNAPSHOT)).isFalse();
    }

    @Test
    void anAnswerAskedForBeforeADayOpenedIsToldApart() {
        SnapshotRequests r = new SnapshotRequests(false);
        r.request(0);
        assertThat(r.take(0, SyncState.RESYNCING)).isTrue();
        r.dayOpened();
        assertThat(r.answered()).as("asked before the day opened").isTrue();
        r.request(1_000);
        assertThat(r.take(1_000, SyncState.RESYNCING)).isTrue();
        assertThat(r.answered()).as("asked after it").isFalse();
        r.dayOpened();
        r.request(2_000);
        assertThat(r.take(2_000, SyncState.RESYNCING)).isTrue();
        assertThat(r.answered()).as("nothing was in flight when the day opened").isFalse();
    }

    @Test
    void aBookThatNoLongerNeedsASnapshotDropsTheRequest() {
        SnapshotRequests r = new SnapshotRequests(false);
        for (SyncState s : new SyncState[] {SyncState.CONNECTING, SyncState.STOPPED, SyncState.SYNCED}) {
            r.request(0);
            assertThat(r.take(0, s)).as(s.name()).isFalse();
            assertThat(r.take(0, SyncState.SNAPSHOT)).as("dropped in " + s).isFalse();
        }
    }

    @Test
    void retriesBackOffFromAQuarterSecondDoublingUpToThirtySeconds() {
        assertThat(SnapshotRequests.backoffUs(0)).isEqualTo(250_000);
        assertThat(SnapshotRequests.backoffUs(1)).isEqualTo(500_000);
        assertThat(SnapshotRequests.backoffUs(6)).isEqualTo(16_000_000);
        assertThat(SnapshotRequests.backoffUs(7)).isEqualTo(30_000_000);
        assertThat(SnapshotRequests.backoffUs(40)).isEqualTo(30_000_000);

        SnapshotRequests r = new SnapshotRequests(false);
        r.failed();
        r.failed();
        r.retry(10_000_000, SyncState.RESYNCING);
        assertThat(r.wakeUs(10_000_000, Long.MAX_VALUE)).isEqualTo(11_000_000);
        assertThat(r.take(10_999_999, SyncState.RESYNCING)).isFalse();
        assertThat(r.take(11_000_000, SyncState.RESYNCING)).isTrue();
        r.answered();
        r.succeeded();
        r.retry(20_000_000, SyncState.SYNCING);
        assertThat(r.wakeUs(20_000_000, Long.MAX_VALUE)).isEqualTo(20_250_000);
    }

    @Test
    void noRetryForABookThatIsNotWaitingForASnapshot() {
        SnapshotRequests r = new SnapshotRequests(false);
        r.retry(0, SyncState.SYNCED);
        r.retry(0, SyncState.CONNECTING);
        assertThat(r.wakeUs(0, 42)).isEqualTo(42);
    }

    @Test
    void theDocumentedOrderWaitsForTheFirstBufferedUpdate() {
        SnapshotRequests r = new SnapshotRequests(false);
        r.afterFirstBuffered();
        assertThat(r.take(0, SyncState.SNAPSHOT)).isFalse();
        r.buffered(5);
        assertThat(r.take(5, SyncState.SNAPSHOT)).isTrue();
        r.answered();
        r.buffered(6);
        assertThat(r.take(6, SyncState.SNAPSHOT)).as("only the first buffered update asks").isFalse();
    }

    @Test
    void aReplayNeverFetches() {
        SnapshotRequests r = new SnapshotRequests(true);
        r.request(0);
        r.afterFirstBuffered();
        r.buffered(0);
        r.retry(0, SyncState.RESYNCING);
        assertThat(r.take(Long.MAX_VALUE, SyncState.RESYNCING)).isFalse();
        assertThat(r.wakeUs(0, 7)).isEqualTo(7);
    }

    @Test
    void aCancelledRequestIsNotFetched() {
        SnapshotRequests r = new SnapshotRequests(false);
        r.request(0);
        r.cancel();
        assertThat(r.take(0, SyncState.RESYNCING)).isFalse();
    }
}
