package io.mm.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.feed.FrameKind;
import io.mm.core.kraken.KrakenChecksum;
import io.mm.core.kraken.KrakenChecksumEngine;
import io.mm.core.kraken.KrakenParser;
import io.mm.core.num.NumberText;
import io.mm.core.num.NumberToken;
import io.mm.core.sync.SyncOutcome;
import io.mm.core.sync.SyncState;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kraken's {@link KrakenChecksumEngine} against a model, over random WS v2 sessions built as real frames.
 *
 * <p>The exchange holds a deep book; what it sends is the change of the subscribed-depth view: sets for
 * levels new to or changed in the view, {@code qty 0} for levels deleted from it, and nothing for levels
 * pushed out of the depth by better ones (Kraken's guide: the client must truncate). Each update carries the
 * checksum of the view's top 10 per side, computed here independently (a level's price and qty at the
 * instrument's precisions are just the digits of the integer number of ticks) and cross-checked against
 * {@link KrakenChecksum} on a book built from the model. Numbers are written as Kraken's JSON numbers are:
 * with trailing zeros or without, sometimes in exponent form.
 *
 * <p>Faults: an update lost in transit, an update whose checksum is corrupted, an update without a
 * checksum. The model is the client as Kraken describes it (apply every level, cut to the depth, compare
 * the CRC of the top 10); for every frame the engine's outcome and state must equal the model's, a mismatch
 * must be reported at exactly the frame where the model's checksum first disagrees with the exchange's (a
 * lost update below the top 10 only surfaces when it moves up) with the exchange's and the book's checksum,
 * and while SYNCED the engine's whole book must equal the model client's. Resyncs are in-stream snapshots
 * (a resubscribe).
 */
class KrakenChecksumModelTest {
    private static final Map<SyncOutcome, Integer> SEEN = Collections.synchronizedMap(new EnumMap<>(SyncOutcome.class));
    private static int lateDetections;
    private static int seedsRun;

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    @SuppressWarnings("unchecked")
    static TreeMap<Long, Long>[] newBook() {
        return new TreeMap[] {new TreeMap<Long, Long>(Comparator.reverseOrder()), new TreeMap<Long, Long>()};
    }

    @SuppressWarnings("unchecked")
    static TreeMap<Long, Long>[] view(TreeMap<Long, Long>[] full, int depth) {
        TreeMap<Long, Long>[] v = newBook();
        for (int s = 0; s < 2; s++) {
            for (Map.Entry<Long, Long> e : full[s].entrySet()) {
                if (v[s].size() == depth) {
                    break;
                }
                v[s].put(e.getKey(), e.getValue());
            }
        }
        return v;
    }

    static void truncate(TreeMap<Long, Long>[] b, int depth) {
        for (int s = 0; s < 2; s++) {
            while (b[s].size() > depth) {
                b[s].pollLastEntry();
            }
        }
    }

    /** Kraken's CRC32 over the top 10 asks then the top 10 bids; a level's text is its digits in ticks. */
    static long checksum(TreeMap<Long, Long>[] b) {
        StringBuilder sb = new StringBuilder();
        for (int s : new int[] {1, 0}) {
            int n = 0;
            for (Map.Entry<Long, Long> e : b[s].entrySet()) {
                if (n++ == 10) {
                    break;
                }
                sb.append(e.getKey()).append(e.getValue());
            }
        }
        CRC32 crc = new CRC32();
        crc.update(sb.toString().getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }

    /** A level of a frame: side 0 bid / 1 ask, price and qty in ticks of the instrument's precisions. */
    record Level(int side, long price, long qty) {}

    /** The client Kraken describes, over TreeMaps. */
    static final class Model {
        SyncState state = SyncState.SNAPSHOT;
        TreeMap<Long, Long>[] book = newBook();
        final int depth;
        long lastSent;
        long lastOurs;

        Model(int depth) {
            this.depth = depth;
        }

        SyncOutcome snapshot(List<Level> levels, long sent) {
            boolean wasSynced = state == SyncState.SYNCED;
            book = newBook();
            for (Level l : levels) {
                apply(l);
            }
            truncate(book, depth);
            if (!wasSynced) {
                state = SyncState.SYNCING;
            }
            // in-stream: while SYNCED it is re-verified in place, else it moves the client to SYNCING first
            return verify(sent, SyncOutcome.SYNCED);
        }

        SyncOutcome update(List<Level> levels, Long sent) {
            if (state == SyncState.SNAPSHOT || state == SyncState.RESYNCING) {
                return SyncOutcome.BUFFERED;
            }
            for (Level l : levels) {
                apply(l);
            }
            truncate(book, depth);
            if (sent == null) {
                return state == SyncState.SYNCING ? SyncOutcome.PENDING : SyncOutcome.APPLIED_UNVERIFIED;
            }
            return verify(sent, state == SyncState.SYNCING ? SyncOutcome.SYNCED : SyncOutcome.APPLIED);
        }

        private SyncOutcome verify(long sent, SyncOutcome ifMatch) {
            lastSent = sent;
            lastOurs = checksum(book);
            if (lastOurs == sent) {
                state = SyncState.SYNCED;
                return ifMatch;
            }
            state = SyncState.RESYNCING;
            return SyncOutcome.CHECKSUM_MISMATCH;
        }

        private void apply(Level l) {
            if (l.qty == 0) {
                book[l.side].remove(l.price);
            } else {
                book[l.side].put(l.price, l.qty);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void engineDetectsEveryMismatchAtTheRightFrame(long seed) {
        Random rnd = new Random(seed);
        int pp = 1 + rnd.nextInt(5);
        int qp = 4 + rnd.nextInt(5);
        int depth = rnd.nextBoolean() ? 10 : 25;
        KrakenParser parser = new KrakenParser();
        String instrument = "{\"channel\":\"instrument\",\"type\":\"snapshot\",\"data\":{\"assets\":[],\"pairs\":[{\"symbol\":\"BTC/USD\","
                + "\"base\":\"BTC\",\"quote\":\"USD\",\"status\":\"online\",\"qty_precision\":" + qp + ",\"price_precision\":" + pp
                + ",\"price_increment\":1e-" + pp + "}]}}";
        assertThat(parser.parse(instrument)).isEqualTo(FrameKind.INSTRUMENT);
        KrakenChecksumEngine engine = new KrakenChecksumEngine(depth);
        engine.setPrecision(parser.instruments().get(0).pricePrecision(), parser.instruments().get(0).qtyPrecision());
        engine.subscribed("test");
        Model model = new Model(depth);

        // the exchange's deep book; thin books (fewer than 10 levels) on some seeds
        TreeMap<Long, Long>[] full = newBook();
        long mid = 100_000 + rnd.nextInt(1_000_000);
        int initial = rnd.nextInt(5) == 0 ? 2 + rnd.nextInt(8) : depth + rnd.nextInt(30);
        for (int i = 1; i <= initial; i++) {
            full[0].put(mid - i - rnd.nextInt(2) * 1000L * i, qty(rnd, qp));
            full[1].put(mid + i + rnd.nextInt(2) * 1000L * i, qty(rnd, qp));
        }
        int dropPct = 1 + rnd.nextInt(3);
        int corruptPct = 1 + rnd.nextInt(2);
        int noChecksumPct = rnd.nextInt(3);

        Session s = new Session(seed, rnd, parser, engine, model, pp, qp);
        s.snapshot(view(full, depth));
        boolean diverged = false; // the model client silently differs from the exchange (a lost update not yet seen)
        int mismatches = 0;
        for (int step = 0; step < 300; step++) {
            if (model.state == SyncState.RESYNCING && rnd.nextInt(4) == 0 || rnd.nextInt(150) == 0) {
                s.snapshot(view(full, depth)); // resubscribe: an in-stream snapshot of the exchange's view
                diverged = false;
                continue;
            }
            if (rnd.nextInt(20) == 0) {
                assertThat(parser.parse("{\"channel\":\"heartbeat\"}")).isEqualTo(FrameKind.HEARTBEAT);
            }
            TreeMap<Long, Long>[] before = view(full, depth);
            mutate(full, rnd, qp);
            TreeMap<Long, Long>[] after = view(full, depth);
            List<Level> msg = diff(before, after, full);
            if (msg.isEmpty()) {
                continue;
            }
            long cs = checksum(after);
            int r = rnd.nextInt(100);
            SyncOutcome o;
            if (r < dropPct) {
                if (model.state == SyncState.SYNCED || model.state == SyncState.SYNCING) {
                    diverged = true;
                }
                continue;
            } else if (r < dropPct + corruptPct) {
                o = s.update(msg, cs ^ (1L << rnd.nextInt(32)), cs);
            } else if (r < dropPct + corruptPct + noChecksumPct) {
                o = s.update(msg, null, cs);
            } else {
                o = s.update(msg, cs, cs);
            }
            if (o == SyncOutcome.CHECKSUM_MISMATCH) {
                mismatches++;
                if (diverged && r >= dropPct + corruptPct) {
                    synchronized (KrakenChecksumModelTest.class) {
                        lateDetections++;
                    }
                }
            }
            if (model.state == SyncState.SYNCED && !diverged) {
                // nothing lost since the last sync: the model client is the exchange's view
                if (!model.book[0].equals(after[0]) || !model.book[1].equals(after[1])) {
                    throw new AssertionError("seed " + seed + " step " + step + ": model client differs from the exchange view");
                }
            }
        }
        assertThat(s.frames).as("seed %d", seed).isGreaterThan(100);
        synchronized (KrakenChecksumModelTest.class) {
            seedsRun++;
        }
    }

    private static long qty(Random rnd, int qp) {
        long unit = NumberText.pow10(qp);
        return rnd.nextInt(3) == 0 ? 1 + rnd.nextInt((int) Math.min(unit, 1_000_000)) : (1 + rnd.nextInt(50)) * unit / (1 + rnd.nextInt(4));
    }

    /** One exchange event: a few levels inserted, changed or deleted, mostly near the top. */
    private static void mutate(TreeMap<Long, Long>[] full, Random rnd, int qp) {
        int n = 1 + rnd.nextInt(rnd.nextInt(6) == 0 ? 8 : 3);
        for (int i = 0; i < n; i++) {
            int s = rnd.nextInt(2);
            TreeMap<Long, Long> side = full[s];
            int r = rnd.nextInt(100);
            if (r < 30 && !side.isEmpty()) {
                // delete one of the top levels
                int k = rnd.nextInt(Math.min(side.size(), 12));
                Long p = side.keySet().stream().skip(k).findFirst().orElseThrow();
                side.remove(p);
            } else if (r < 60 && !side.isEmpty()) {
                int k = rnd.nextInt(Math.min(side.size(), 30));
                Long p = side.keySet().stream().skip(k).findFirst().orElseThrow();
                side.put(p, qty(rnd, qp));
            } else {
                // a new level inside the spread, near the top, or deep
                long best0 = full[0].isEmpty() ? 10_000 : full[0].firstKey();
                long best1 = full[1].isEmpty() ? best0 + 10 : full[1].firstKey();
                long p;
                int where = rnd.nextInt(10);
                if (where < 3 && best1 - best0 > 1) {
                    p = best0 + 1 + rnd.nextInt((int) Math.min(best1 - best0 - 1, 1000));
                } else {
                    long dist = where < 8 ? rnd.nextInt(20) : rnd.nextInt(400);
                    p = s == 0 ? best0 - dist : best1 + dist;
                }
                if (p > 0 && (s == 0 ? full[1].isEmpty() || p < full[1].firstKey() : full[0].isEmpty() || p > full[0].firstKey())) {
                    side.put(p, qty(rnd, qp));
                }
            }
        }
    }

    /** What Kraken sends for a change of the view: no deletes for levels pushed out by better ones. */
    static List<Level> diff(TreeMap<Long, Long>[] before, TreeMap<Long, Long>[] after, TreeMap<Long, Long>[] full) {
        List<Level> out = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            for (Map.Entry<Long, Long> e : after[s].entrySet()) {
                if (!e.getValue().equals(before[s].get(e.getKey()))) {
                    out.add(new Level(s, e.getKey(), e.getValue()));
                }
            }
            for (Long p : before[s].keySet()) {
                if (!after[s].containsKey(p) && !full[s].containsKey(p)) {
                    out.add(new Level(s, p, 0));
                }
            }
        }
        return out;
    }

    /** Writes frames, feeds parser and engine, and compares with the model after each. */
    static final class Session {
        final long seed;
        final Random rnd;
        final KrakenParser parser;
        final KrakenChecksumEngine engine;
        final Model model;
        final int pp;
        final int qp;
        int frames;

        Session(long seed, Random rnd, KrakenParser parser, KrakenChecksumEngine engine, Model model, int pp, int qp) {
            this.seed = seed;
            this.rnd = rnd;
            this.parser = parser;
            this.engine = engine;
            this.model = model;
            this.pp = pp;
            this.qp = qp;
        }

        void snapshot(TreeMap<Long, Long>[] view) {
            List<Level> levels = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                for (Map.Entry<Long, Long> e : view[s].entrySet()) {
                    levels.add(new Level(s, e.getKey(), e.getValue()));
                }
            }
            long cs = checksum(view);
            // the independent checksum agrees with KrakenChecksum on a book holding the same levels
            LocalOrderBook b = new LocalOrderBook();
            NumberToken px = new NumberToken();
            NumberToken qt = new NumberToken();
            for (Level l : levels) {
                px.parse(number(l.price, pp));
                qt.parse(number(l.qty, qp));
                b.set(l.side == 0 ? Side.BID : Side.ASK, px.unscaled, px.format, qt.unscaled, qt.format);
            }
            if (new KrakenChecksum().compute(b, pp, qp) != cs) {
                throw new AssertionError("seed " + seed + ": KrakenChecksum " + new KrakenChecksum().compute(b, pp, qp) + " != model " + cs
                        + " for " + new KrakenChecksum().checksumString(b, pp, qp));
            }
            String frame = frame("snapshot", levels, cs);
            assertThat(parser.parse(frame)).as(parser.error()).isEqualTo(FrameKind.DEPTH_SNAPSHOT);
            SyncOutcome got = engine.onSnapshot(parser.depth(), false);
            SyncOutcome want = model.snapshot(levels, cs);
            check("snapshot", got, want, cs);
        }

        SyncOutcome update(List<Level> levels, Long sent, long trueChecksum) {
            String frame = frame("update", levels, sent);
            FrameKind k = parser.parse(frame);
            if (k != FrameKind.DEPTH_UPDATE) {
                throw new AssertionError("seed " + seed + ": frame did not parse (" + parser.error() + "): " + frame);
            }
            SyncOutcome got = engine.onUpdate(parser.depth());
            SyncOutcome want = model.update(levels, sent);
            check("update " + levels.size() + " level(s)" + (sent == null ? " without checksum"
                    : sent != trueChecksum ? " with a corrupted checksum" : ""), got, want, sent == null ? -1 : sent);
            return want;
        }

        private void check(String what, SyncOutcome got, SyncOutcome want, long sent) {
            frames++;
            SEEN.merge(want, 1, Integer::sum);
            String at = "seed " + seed + " frame " + frames + " (" + what + ")";
            if (got != want) {
                throw new AssertionError(at + ": engine " + got + " (" + engine.detail() + "), model " + want + "; model book "
                        + model.book[0] + " / " + model.book[1] + "; engine " + engine.book());
            }
            if (engine.state() != model.state) {
                throw new AssertionError(at + ": engine state " + engine.state() + ", model " + model.state);
            }
            if (want == SyncOutcome.CHECKSUM_MISMATCH && (engine.expected() != model.lastSent || engine.got() != model.lastOurs)) {
                throw new AssertionError(at + ": mismatch reports exchange " + engine.expected() + " book " + engine.got() + ", model "
                        + model.lastSent + " / " + model.lastOurs);
            }
            if (sent >= 0 && want != SyncOutcome.BUFFERED && engine.lastChecksum() != sent) {
                throw new AssertionError(at + ": lastChecksum " + engine.lastChecksum());
            }
            if (model.state == SyncState.SYNCED) {
                for (Side side : Side.values()) {
                    TreeMap<Long, Long> m = model.book[side.ordinal()];
                    LocalOrderBook b = engine.book();
                    if (b.depth(side) != m.size()) {
                        throw new AssertionError(at + ": " + side + " depth " + b.depth(side) + ", model " + m.size());
                    }
                    int i = 0;
                    for (Map.Entry<Long, Long> e : m.entrySet()) {
                        if (ticks(b.price(side, i), b.priceScale(), pp) != e.getKey() || ticks(b.qty(side, i), b.qtyScale(), qp) != e.getValue()) {
                            throw new AssertionError(at + ": " + side + " level " + i + " differs: engine " + b + ", model " + m);
                        }
                        i++;
                    }
                }
                if (engine.computeChecksum() != checksum(model.book)) {
                    throw new AssertionError(at + ": engine's checksum of its book " + engine.computeChecksum());
                }
            }
        }

        private static long ticks(long scaled, int scale, int precision) {
            return scale <= precision ? scaled * NumberText.pow10(precision - scale) : scaled / NumberText.pow10(scale - precision);
        }

        private String frame(String type, List<Level> levels, Long checksum) {
            List<Level> shuffled = new ArrayList<>(levels);
            if (type.equals("update")) {
                Collections.shuffle(shuffled, rnd); // all levels are applied before the checksum: order within a side is free
            }
            StringBuilder sb = new StringBuilder("{\"channel\":\"book\",\"type\":\"").append(type).append("\",\"data\":[{\"symbol\":\"BTC/USD\"");
            for (int s = 0; s < 2; s++) {
                sb.append(s == 0 ? ",\"bids\":[" : ",\"asks\":[");
                boolean first = true;
                for (Level l : shuffled) {
                    if (l.side != s) {
                        continue;
                    }
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    sb.append("{\"price\":").append(number(l.price, pp)).append(",\"qty\":").append(number(l.qty, qp)).append('}');
                }
                sb.append(']');
            }
            if (checksum != null) {
                sb.append(",\"checksum\":").append(checksum);
            }
            if (type.equals("update") || rnd.nextBoolean()) {
                sb.append(",\"timestamp\":\"2023-10-06T17:35:55.").append(100_000 + rnd.nextInt(900_000)).append("Z\"");
            }
            return sb.append("}]}").toString();
        }

        /** A JSON number as Kraken may write it: full precision, trailing zeros dropped, or an exponent. */
        private String number(long ticks, int precision) {
            BigDecimal v = BigDecimal.valueOf(ticks, precision);
            int form = rnd.nextInt(10);
            if (form < 5) {
                return v.toPlainString();
            }
            BigDecimal stripped = v.stripTrailingZeros();
            if (form < 9 || stripped.scale() <= 0) {
                String t = stripped.scale() <= 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
                return stripped.scale() <= 0 && form == 8 ? t + ".0" : t;
            }
            return stripped.unscaledValue() + "E-" + stripped.scale();
        }
    }

    @AfterAll
    static void everyPathWasExercised() {
        if (seedsRun < 100) {
            return;
        }
        System.out.println("Kraken model outcomes over " + seedsRun + " seeds: " + SEEN + ", lost updates detected later: " + lateDetections);
        assertThat(SEEN.keySet()).contains(SyncOutcome.SYNCED, SyncOutcome.APPLIED, SyncOutcome.APPLIED_UNVERIFIED, SyncOutcome.BUFFERED,
                SyncOutcome.CHECKSUM_MISMATCH);
        assertThat(lateDetections).as("lost updates detected at a later frame").isPositive();
    }
}
