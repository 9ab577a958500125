package io.mm.core.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.book.Side;
import io.mm.core.feed.DepthUpdate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What the sync engines buffer and replay must come back exactly as it went in, in order, whatever the ring did between. */
class UpdateRingTest {
    private static DepthUpdate random(Random r, long n) {
        DepthUpdate u = new DepthUpdate();
        u.symbol = "S" + r.nextInt(3);
        u.snapshot = r.nextInt(10) == 0;
        u.eventTimeUs = r.nextBoolean() ? DepthUpdate.NONE : 1_700_000_000_000_000L + n;
        u.firstUpdateId = n * 10;
        u.lastUpdateId = n * 10 + r.nextInt(10);
        u.hasChecksum = r.nextBoolean();
        u.checksum = r.nextLong();
        u.sequence = r.nextInt(5) == 0 ? DepthUpdate.NONE : n;
        // mostly one level, sometimes none (a checksum frame), sometimes a hundred (a Binance batch)
        int levels = r.nextInt(10) == 0 ? r.nextInt(120) : r.nextInt(3);
        for (int k = 0; k < levels; k++) {
            u.addLevel(r.nextBoolean() ? Side.BID : Side.ASK, r.nextLong(), r.nextInt(1 << 12), r.nextLong(), r.nextInt(1 << 12), r.nextInt(50));
        }
        return u;
    }

    private static DepthUpdate copy(DepthUpdate u) {
        DepthUpdate c = new DepthUpdate();
        c.copyFrom(u);
        return c;
    }

    private static void assertSame(DepthUpdate got, DepthUpdate want, String where) {
        assertThat(got.toString()).as(where).isEqualTo(want.toString());
        assertThat(got.symbol).as(where).isEqualTo(want.symbol);
        assertThat(new Object[] {got.snapshot, got.eventTimeUs, got.firstUpdateId, got.lastUpdateId, got.hasChecksum, got.checksum, got.sequence})
                .as(where).containsExactly(want.snapshot, want.eventTimeUs, want.firstUpdateId, want.lastUpdateId, want.hasChecksum, want.checksum,
                        want.sequence);
        assertThat(got.levels()).as(where).isEqualTo(want.levels());
        for (int k = 0; k < want.levels(); k++) {
            assertThat(new Object[] {got.side(k), got.price(k), got.priceFormat(k), got.qty(k), got.qtyFormat(k), got.count(k)}).as(where + " level " + k)
                    .containsExactly(want.side(k), want.price(k), want.priceFormat(k), want.qty(k), want.qtyFormat(k), want.count(k));
        }
    }

    @Test
    void keepsTheNewestEntriesInOrderThroughDropsGrowthAndWrapping() {
        Random r = new Random(7);
        for (int capacity : new int[] {1, 5, 50, 300}) {
            UpdateRing ring = new UpdateRing(capacity);
            ArrayDeque<DepthUpdate> model = new ArrayDeque<>();
            long dropped = 0;
            for (long n = 0; n < 20_000; n++) {
                int op = r.nextInt(100);
                if (op < 85) {
                    DepthUpdate u = random(r, n);
                    boolean full = model.size() == capacity;
                    if (full) {
                        model.pollFirst();
                        dropped++;
                    }
                    model.addLast(copy(u));
                    assertThat(ring.add(u)).as("kept").isEqualTo(!full);
                } else if (op < 95) {
                    int k = r.nextInt(model.size() + 2);
                    ring.dropFirst(k);
                    for (int i = 0; i < k && !model.isEmpty(); i++) {
                        model.pollFirst();
                    }
                } else if (op < 97) {
                    ring.clear();
                    model.clear();
                }
                assertThat(ring.size()).isEqualTo(model.size());
                if (n % 97 == 0 || model.size() < 3) {
                    List<DepthUpdate> want = new ArrayList<>(model);
                    for (int i = 0; i < want.size(); i++) {
                        assertSame(ring.get(i), want.get(i), "capacity " + capacity + ", step " + n + ", entry " + i);
                    }
                }
            }
            assertThat(ring.dropped()).isEqualTo(dropped);
            assertThat(ring.capacity()).isEqualTo(capacity);
        }
    }

    @Test
    void refusesIndexesOutsideWhatItHolds() {
        UpdateRing ring = new UpdateRing(4);
        ring.add(random(new Random(1), 1));
        assertThatThrownBy(() -> ring.get(1)).isInstanceOf(IndexOutOfBoundsException.class).hasMessage("1 of 1");
        assertThatThrownBy(() -> new UpdateRing(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
