package io.mm.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.feed.FrameKind;
import io.mm.core.kraken.KrakenChecksumEngine;
import io.mm.core.kraken.KrakenParser;
import io.mm.core.kraken.KrakenRestDepthParser;
import io.mm.core.model.KrakenChecksumModelTest.Level;
import io.mm.core.num.NumberText;
import io.mm.core.sync.SyncOutcome;
import io.mm.core.sync.SyncState;
import io.mm.core.sync.SyncStateMachine;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The recorder's resync of a checksum exchange: after a CHECKSUM_MISMATCH it fetches a REST snapshot and feeds
 * it out of band; the engine replays its rolling window of recent updates over it. With nothing lost, the
 * exchange's next checksums must then agree: the engine must be SYNCED again (within its tolerance of failed
 * checks) and hold the exchange's book.
 */
class ChecksumRestResyncModelTest {
    private static final int PP = 1;
    private static final int QP = 8;

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    /** The exchange: a deep book; it sends what changed in the subscribed-depth view (no deletes for pushed-out levels). */
    static final class Exchange {
        final TreeMap<Long, Long>[] full = KrakenChecksumModelTest.newBook();
        final int depth;
        final Random rnd;

        Exchange(Random rnd, int depth) {
            this.rnd = rnd;
            this.depth = depth;
            long mid = 300_000;
            for (int i = 1; i <= depth + 30; i++) {
                full[0].put(mid - i - rnd.nextInt(2) * i, qty());
                full[1].put(mid + i + rnd.nextInt(2) * i, qty());
            }
        }

        long qty() {
            return 1 + rnd.nextInt(1_000_000_000);
        }

        /** One event on the exchange's book and the update frame it sends (null if the view did not change). */
        String step() {
            TreeMap<Long, Long>[] before = KrakenChecksumModelTest.view(full, depth);
            int s = rnd.nextInt(2);
            TreeMap<Long, Long> side = full[s];
            int r = rnd.nextInt(100);
            if (r < 35) {
                side.remove(side.keySet().stream().skip(rnd.nextInt(Math.min(side.size(), depth + 5))).findFirst().orElseThrow());
            } else if (r < 60) {
                side.put(side.keySet().stream().skip(rnd.nextInt(Math.min(side.size(), depth + 5))).findFirst().orElseThrow(), qty());
            } else {
                long best = side.firstKey();
                long other = full[1 - s].firstKey();
                long p = s == 0 ? Math.min(other - 1, best + 1 - rnd.nextInt(depth + 5)) : Math.max(other + 1, best - 1 + rnd.nextInt(depth + 5));
                side.put(p, qty());
            }
            while (full[0].size() < depth + 10) {
                full[0].put(full[0].lastKey() - 1 - rnd.nextInt(3), qty());
            }
            while (full[1].size() < depth + 10) {
                full[1].put(full[1].lastKey() + 1 + rnd.nextInt(3), qty());
            }
            TreeMap<Long, Long>[] after = KrakenChecksumModelTest.view(full, depth);
            List<Level> msg = KrakenChecksumModelTest.diff(before, after, full);
            if (msg.isEmpty()) {
                return null;
            }
            return frame("update", msg, KrakenChecksumModelTest.checksum(after));
        }

        TreeMap<Long, Long>[] view() {
            return KrakenChecksumModelTest.view(full, depth);
        }

        String wsSnapshot() {
            List<Level> levels = new ArrayList<>();
            TreeMap<Long, Long>[] v = view();
            for (int s = 0; s < 2; s++) {
                for (Map.Entry<Long, Long> e : v[s].entrySet()) {
                    levels.add(new Level(s, e.getKey(), e.getValue()));
                }
            }
            return frame("snapshot", levels, KrakenChecksumModelTest.checksum(v));
        }

        /** GET /0/public/Depth?count=100: deeper than the subscription, strings with the pair's precision. */
        static String restBody(TreeMap<Long, Long>[] full) {
            StringBuilder sb = new StringBuilder("{\"error\":[],\"result\":{\"XXBTZUSD\":{");
            for (int s = 1; s >= 0; s--) {
                sb.append(s == 1 ? "\"asks\":[" : ",\"bids\":[");
                int n = 0;
                for (Map.Entry<Long, Long> e : full[s].entrySet()) {
                    if (n == 100) {
                        break;
                    }
                    sb.append(n++ == 0 ? "" : ",").append("[\"").append(BigDecimal.valueOf(e.getKey(), PP).toPlainString()).append("\",\"")
                            .append(BigDecimal.valueOf(e.getValue(), QP).toPlainString()).append("\",1690731000]");
                }
                sb.append(']');
            }
            return sb.append("}}}").toString();
        }

        private static String frame(String type, List<Level> levels, long checksum) {
            StringBuilder sb = new StringBuilder("{\"channel\":\"book\",\"type\":\"").append(type).append("\",\"data\":[{\"symbol\":\"BTC/USD\"");
            for (int s = 0; s < 2; s++) {
                sb.append(s == 0 ? ",\"bids\":[" : ",\"asks\":[");
                boolean first = true;
                for (Level l : levels) {
                    if (l.side() == s) {
                        sb.append(first ? "" : ",").append("{\"price\":").append(BigDecimal.valueOf(l.price(), PP).toPlainString())
                                .append(",\"qty\":").append(BigDecimal.valueOf(l.qty(), QP).toPlainString()).append('}');
                        first = false;
                    }
                }
                sb.append(']');
            }
            return sb.append(",\"checksum\":").append(checksum).append("}]}").toString();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void krakenRestResyncWithNothingLostEndsSyncedOnTheExchangesBook(long seed) {
        Random rnd = new Random(seed);
        int depth = rnd.nextBoolean() ? 10 : 25;
        Exchange x = new Exchange(rnd, depth);
        KrakenParser parser = new KrakenParser();
        // as the recorder builds it: the subscribed depth, a rolling window of 4096 updates
        KrakenChecksumEngine engine = new KrakenChecksumEngine(new LocalOrderBook(), new SyncStateMachine(), depth, 4096);
        engine.setPrecision(PP, QP);
        engine.subscribed("test");
        parser.parse(x.wsSnapshot());
        assertThat(engine.onSnapshot(parser.depth(), false)).isEqualTo(SyncOutcome.SYNCED);
        int before = 20 + rnd.nextInt(400);
        for (int n = 0; n < before; ) {
            String f = x.step();
            if (f != null) {
                parser.parse(f);
                assertThat(engine.onUpdate(parser.depth())).isEqualTo(SyncOutcome.APPLIED);
                n++;
            }
        }
        // one update is lost; the engine notices at the first checksum that differs from its book
        while (x.step() == null) {
            // until the exchange sends something
        }
        SyncOutcome o = SyncOutcome.APPLIED;
        for (int n = 0; n < 200 && o != SyncOutcome.CHECKSUM_MISMATCH; ) {
            String f = x.step();
            if (f != null) {
                parser.parse(f);
                o = engine.onUpdate(parser.depth());
                n++;
            }
        }
        if (o != SyncOutcome.CHECKSUM_MISMATCH) {
            return; // the loss stayed below the top 10 (depth 25) and was overwritten: nothing to resync
        }
        // the recorder fetches a REST snapshot; updates keep arriving while the request is out, and the
        // snapshot shows the book at one of them (the newest, or a few older: those after it must be replayed)
        int inFlight = rnd.nextInt(5);
        List<TreeMap<Long, Long>[]> books = new ArrayList<>();
        books.add(copy(x.full));
        for (int n = 0; n < inFlight; ) {
            String f = x.step();
            if (f != null) {
                parser.parse(f);
                assertThat(engine.onUpdate(parser.depth())).isEqualTo(SyncOutcome.BUFFERED);
                books.add(copy(x.full));
                n++;
            }
        }
        int at = books.size() - 1 - (rnd.nextBoolean() ? 0 : rnd.nextInt(books.size()));
        KrakenRestDepthParser rest = new KrakenRestDepthParser();
        assertThat(rest.parse(Exchange.restBody(books.get(at)), "BTC/USD")).as(rest.error()).isTrue();
        List<SyncOutcome> outcomes = new ArrayList<>();
        outcomes.add(engine.onSnapshot(rest.depth(), true));
        for (int n = 0; n < 6 && engine.state() == SyncState.SYNCING; ) {
            String f = x.step();
            if (f != null) {
                parser.parse(f);
                outcomes.add(engine.onUpdate(parser.depth()));
                n++;
            }
        }
        assertThat(engine.state()).as("seed %d depth %d, snapshot %d update(s) before the newest: outcomes %s (%s)", seed, depth,
                books.size() - 1 - at, outcomes, engine.detail()).isEqualTo(SyncState.SYNCED);
        assertSameBook(engine.book(), x.view(), "seed " + seed);
    }

    @SuppressWarnings("unchecked")
    static TreeMap<Long, Long>[] copy(TreeMap<Long, Long>[] b) {
        return new TreeMap[] {new TreeMap<>(b[0]), new TreeMap<>(b[1])};
    }

    static void assertSameBook(LocalOrderBook b, TreeMap<Long, Long>[] view, String at) {
        for (Side s : Side.values()) {
            TreeMap<Long, Long> m = view[s.ordinal()];
            List<String> got = new ArrayList<>();
            for (int i = 0; i < b.depth(s); i++) {
                got.add(b.price(s, i) * NumberText.pow10(PP - Math.min(PP, b.priceScale())) / NumberText.pow10(Math.max(0, b.priceScale() - PP)) + "x"
                        + b.qty(s, i) * NumberText.pow10(QP - Math.min(QP, b.qtyScale())) / NumberText.pow10(Math.max(0, b.qtyScale() - QP)));
            }
            List<String> want = m.entrySet().stream().map(e -> e.getKey() + "x" + e.getValue()).toList();
            assertThat(got).as("%s %s", at, s).isEqualTo(want);
        }
    }

    /**
     * The smallest case, by hand (depth 2): 95 enters the bids, is pushed out by 98 and then deleted while out
     * of view (Kraken sends nothing for it); 100 is deleted and 90 re-enters. An ask update is lost, so the next
     * one mismatches and the recorder resyncs from REST, whose book is the exchange's after that update.
     * Replaying the whole window over it re-inserts 95 (the levels that had pushed it out are gone) and cuts
     * 90; the snapshot's own checksum equals that of the last update, so nothing needs replaying at all.
     */
    @Test
    void restSnapshotIsPlacedAtTheUpdateWhoseChecksumItHas() {
        KrakenParser p = new KrakenParser();
        KrakenChecksumEngine engine = new KrakenChecksumEngine(new LocalOrderBook(), new SyncStateMachine(), 2, 4096);
        engine.setPrecision(PP, QP);
        engine.subscribed("test");
        TreeMap<Long, Long>[] truth = KrakenChecksumModelTest.newBook();
        truth[1].put(2000L, 100_000_000L);
        truth[0].put(1000L, 100_000_000L);
        truth[0].put(900L, 100_000_000L);
        p.parse(Exchange.frame("snapshot", List.of(new Level(0, 1000, 100_000_000), new Level(0, 900, 100_000_000),
                new Level(1, 2000, 100_000_000)), KrakenChecksumModelTest.checksum(truth)));
        assertThat(engine.onSnapshot(p.depth(), false)).isEqualTo(SyncOutcome.SYNCED);
        // {side, price, qty in units}: 95 in, 98 in (95 out, then deleted unseen), 100 out and 90 back, the lost ask, an ask
        long[][] steps = {{0, 950, 1}, {0, 980, 1}, {0, 1000, 0, 0, 900, 1}, {1, 2000, 2}, {1, 2050, 1}};
        for (int k = 0; k < steps.length; k++) {
            long[] step = steps[k];
            List<Level> levels = new ArrayList<>();
            for (int i = 0; i < step.length; i += 3) {
                int side = (int) step[i];
                long qty = step[i + 2] * 100_000_000L;
                levels.add(new Level(side, step[i + 1], qty));
                if (qty == 0) {
                    truth[side].remove(step[i + 1]);
                } else {
                    truth[side].put(step[i + 1], qty);
                }
            }
            KrakenChecksumModelTest.truncate(truth, 2);
            p.parse(Exchange.frame("update", levels, KrakenChecksumModelTest.checksum(truth)));
            if (k == 3) {
                continue; // lost in transit
            }
            assertThat(engine.onUpdate(p.depth())).isEqualTo(k == 4 ? SyncOutcome.CHECKSUM_MISMATCH : SyncOutcome.APPLIED);
        }
        assertThat(truth[0].keySet()).containsExactly(980L, 900L);
        KrakenRestDepthParser rest = new KrakenRestDepthParser();
        assertThat(rest.parse("{\"error\":[],\"result\":{\"XXBTZUSD\":{\"asks\":[[\"200.0\",\"2.00000000\",1],[\"205.0\",\"1.00000000\",1]],"
                + "\"bids\":[[\"98.0\",\"1.00000000\",1],[\"90.0\",\"1.00000000\",1],[\"80.0\",\"1.00000000\",1]]}}}", "BTC/USD")).isTrue();
        assertThat(engine.onSnapshot(rest.depth(), true)).isEqualTo(SyncOutcome.SYNCED);
        assertSameBook(engine.book(), truth, "after the REST snapshot");
    }
}
