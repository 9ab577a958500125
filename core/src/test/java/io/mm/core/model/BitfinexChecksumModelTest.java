package io.mm.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.bitfinex.BitfinexChecksum;
import io.mm.core.bitfinex.BitfinexChecksumEngine;
import io.mm.core.bitfinex.BitfinexParser;
import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.feed.FrameKind;
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
 * Bitfinex's {@link BitfinexChecksumEngine} against a model, over random WS v2 {@code book} sessions (P0,
 * len 25) built as real frames: {@code conf}, {@code subscribed}, the snapshot, one frame per level
 * ({@code [PRICE, COUNT, AMOUNT]}, count 0 deletes, the amount's sign the side), {@code cs} frames after each
 * change, {@code hb}, with or without the SEQ/MTS trailers. Numbers are written as the server writes them
 * (JavaScript {@code Number#toString}: no trailing zeros, exponent form below 1e-6, e.g. {@code 7e-7},
 * {@code 1.7e-7}), because the checksum hashes that text.
 *
 * <p>The expected checksum is computed independently from the model (the joined text, CRC32, signed) and
 * cross-checked with {@link BitfinexChecksum} on a book built from the same levels. Faults: a level frame lost
 * in transit, a corrupted {@code cs}. The model is the client as Bitfinex describes it; the engine must give
 * its outcome, state and epoch for every frame, report a mismatch exactly at the first {@code cs} frame whose
 * checksum disagrees with the model client's book (with both checksums), and, while SYNCED, hold the model's
 * book level for level. Resyncs are resubscriptions (a new channel id, then a snapshot).
 */
class BitfinexChecksumModelTest {
    private static final int LEN = 25;
    private static final int AMOUNT_DEC = 8;
    private static final Map<SyncOutcome, Integer> SEEN = Collections.synchronizedMap(new EnumMap<>(SyncOutcome.class));
    private static int exponentTexts;
    private static int seedsRun;

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    @SuppressWarnings("unchecked")
    static TreeMap<Long, Long>[] newBook() {
        return new TreeMap[] {new TreeMap<Long, Long>(Comparator.reverseOrder()), new TreeMap<Long, Long>()};
    }

    static TreeMap<Long, Long>[] view(TreeMap<Long, Long>[] full) {
        TreeMap<Long, Long>[] v = newBook();
        for (int s = 0; s < 2; s++) {
            for (Map.Entry<Long, Long> e : full[s].entrySet()) {
                if (v[s].size() == LEN) {
                    break;
                }
                v[s].put(e.getKey(), e.getValue());
            }
        }
        return v;
    }

    /** JavaScript's Number#toString for a decimal value: what Bitfinex's server writes. */
    static String js(BigDecimal v) {
        if (v.signum() == 0) {
            return "0";
        }
        BigDecimal a = v.abs().stripTrailingZeros();
        String sign = v.signum() < 0 ? "-" : "";
        if (a.compareTo(new BigDecimal("0.000001")) < 0) {
            String digits = a.unscaledValue().toString();
            int exp = digits.length() - 1 - a.scale();
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mant + "e" + exp;
        }
        return sign + a.toPlainString();
    }

    /** A level frame's content: side 0 bid / 1 ask; count 0 deletes. */
    record Level(int side, long price, int count, long amount) {}

    /** Writes numbers for one seed's instrument. */
    static final class Texts {
        final int priceDec;

        Texts(int priceDec) {
            this.priceDec = priceDec;
        }

        String price(long ticks) {
            return js(BigDecimal.valueOf(ticks, priceDec));
        }

        String amount(long units, int side) {
            return js(BigDecimal.valueOf(side == 0 ? units : -units, AMOUNT_DEC));
        }

        /** Bitfinex's checksum of the top 25 per side, from the text the server writes. */
        int checksum(TreeMap<Long, Long>[] book) {
            List<Map.Entry<Long, Long>> bids = new ArrayList<>(book[0].entrySet());
            List<Map.Entry<Long, Long>> asks = new ArrayList<>(book[1].entrySet());
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < LEN; i++) {
                if (i < bids.size()) {
                    parts.add(price(bids.get(i).getKey()));
                    parts.add(amount(bids.get(i).getValue(), 0));
                }
                if (i < asks.size()) {
                    parts.add(price(asks.get(i).getKey()));
                    parts.add(amount(asks.get(i).getValue(), 1));
                }
            }
            CRC32 crc = new CRC32();
            crc.update(String.join(":", parts).getBytes(StandardCharsets.US_ASCII));
            return (int) crc.getValue();
        }
    }

    /** The client Bitfinex describes: apply each level, keep the top 25, compare each cs. */
    static final class Model {
        SyncState state = SyncState.SNAPSHOT;
        int epoch = 1;
        TreeMap<Long, Long>[] book = newBook();
        final Texts texts;
        long lastSent;
        long lastOurs;

        Model(Texts texts) {
            this.texts = texts;
        }

        SyncOutcome snapshot(List<Level> levels) {
            if (state == SyncState.SYNCED) {
                epoch++; // a snapshot without checksum while synced: through RESYNCING to SYNCING
            }
            book = newBook();
            for (Level l : levels) {
                apply(l);
            }
            state = SyncState.SYNCING;
            return SyncOutcome.SNAPSHOT_APPLIED;
        }

        SyncOutcome level(Level l) {
            if (state == SyncState.SNAPSHOT || state == SyncState.RESYNCING) {
                return SyncOutcome.BUFFERED;
            }
            apply(l);
            return state == SyncState.SYNCING ? SyncOutcome.PENDING : SyncOutcome.APPLIED;
        }

        SyncOutcome cs(long sent) {
            if (state == SyncState.SNAPSHOT || state == SyncState.RESYNCING) {
                return SyncOutcome.BUFFERED;
            }
            lastSent = sent;
            lastOurs = texts.checksum(book);
            if (lastOurs == sent) {
                SyncOutcome o = state == SyncState.SYNCING ? SyncOutcome.SYNCED : SyncOutcome.VERIFIED;
                state = SyncState.SYNCED;
                return o;
            }
            state = SyncState.RESYNCING;
            epoch++;
            return SyncOutcome.CHECKSUM_MISMATCH;
        }

        private void apply(Level l) {
            if (l.count == 0) {
                book[l.side].remove(l.price);
            } else {
                book[l.side].put(l.price, l.amount);
            }
            while (book[l.side].size() > LEN) {
                book[l.side].pollLastEntry();
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void engineDetectsEveryMismatchAtTheRightFrame(long seed) {
        Random rnd = new Random(seed);
        // tiny prices (XRPBTC-like, exponent texts near the top), cents, or tenths of large prices
        int regime = rnd.nextInt(3);
        int priceDec = regime == 0 ? 8 : regime == 1 ? 4 : 1;
        long mid = regime == 0 ? 100 + rnd.nextInt(40) : regime == 1 ? 5_000 + rnd.nextInt(50_000) : 100_000 + rnd.nextInt(400_000);
        Texts texts = new Texts(priceDec);
        Model model = new Model(texts);
        BitfinexChecksumEngine engine = new BitfinexChecksumEngine(LEN);
        Session s = new Session(seed, rnd, new BitfinexParser(), engine, model, texts);
        boolean trailers = rnd.nextInt(4) != 0;
        boolean deletesPushedOut = rnd.nextBoolean();
        s.conf(trailers ? BitfinexParser.RECORDER_FLAGS : BitfinexParser.FLAG_CHECKSUM);

        TreeMap<Long, Long>[] full = newBook();
        int initial = rnd.nextInt(6) == 0 ? 1 + rnd.nextInt(20) : LEN + rnd.nextInt(30);
        for (int i = 1; i <= initial; i++) {
            if (mid - i * 2L > 0) {
                full[0].put(mid - i - rnd.nextInt(2) * i, amount(rnd));
            }
            full[1].put(mid + i + rnd.nextInt(2) * i, amount(rnd));
        }
        s.subscribe();
        s.snapshot(view(full));
        int dropPct = rnd.nextInt(3);
        int corruptPct = 1 + rnd.nextInt(2);
        for (int step = 0; step < 300; step++) {
            if (model.state == SyncState.RESYNCING && rnd.nextInt(4) == 0 || rnd.nextInt(200) == 0) {
                s.subscribe(); // resubscribe: a new channel id, then a snapshot of the exchange's view
                s.snapshot(view(full));
                continue;
            }
            if (rnd.nextInt(25) == 0) {
                s.heartbeat();
            }
            int changes = rnd.nextInt(10) == 0 ? 2 : 1; // usually a cs after every change, sometimes after two
            for (int c = 0; c < changes; c++) {
                TreeMap<Long, Long>[] before = view(full);
                mutate(full, rnd, mid);
                TreeMap<Long, Long>[] after = view(full);
                for (Level l : diff(before, after, full, deletesPushedOut, rnd)) {
                    if (rnd.nextInt(100) < dropPct) {
                        continue; // lost in transit
                    }
                    s.level(l);
                }
            }
            int cs = texts.checksum(view(full));
            if (rnd.nextInt(100) < corruptPct) {
                s.cs(cs ^ (1 << rnd.nextInt(32)));
            } else {
                s.cs(cs);
            }
        }
        assertThat(s.frames).as("seed %d", seed).isGreaterThan(300);
        synchronized (BitfinexChecksumModelTest.class) {
            seedsRun++;
        }
    }

    private static long amount(Random rnd) {
        // 8-decimal amounts with random trailing zeros: 271510.49, 500793.10790141, 10000, 0.5
        long units = 1 + (long) (rnd.nextDouble() * 100_000_000_000_000L * rnd.nextDouble() * rnd.nextDouble());
        long unit = NumberText.pow10(rnd.nextInt(9));
        return Math.max(unit, units / unit * unit);
    }

    private static void mutate(TreeMap<Long, Long>[] full, Random rnd, long mid) {
        int s = rnd.nextInt(2);
        TreeMap<Long, Long> side = full[s];
        int r = rnd.nextInt(100);
        if (r < 30 && !side.isEmpty()) {
            Long p = side.keySet().stream().skip(rnd.nextInt(Math.min(side.size(), 30))).findFirst().orElseThrow();
            side.remove(p);
        } else if (r < 60 && !side.isEmpty()) {
            Long p = side.keySet().stream().skip(rnd.nextInt(Math.min(side.size(), 30))).findFirst().orElseThrow();
            side.put(p, amount(rnd));
        } else {
            long best0 = full[0].isEmpty() ? mid - 1 : full[0].firstKey();
            long best1 = full[1].isEmpty() ? best0 + 2 : full[1].firstKey();
            long p;
            if (rnd.nextInt(4) == 0 && best1 - best0 > 1) {
                p = best0 + 1 + rnd.nextInt((int) Math.min(best1 - best0 - 1, 100));
            } else {
                long dist = rnd.nextInt(4) == 0 ? rnd.nextInt(60) : rnd.nextInt(10);
                p = s == 0 ? best0 - dist : best1 + dist;
            }
            boolean uncrossed = s == 0 ? full[1].isEmpty() || p < full[1].firstKey() : full[0].isEmpty() || p > full[0].firstKey();
            if (p > 0 && uncrossed) {
                side.put(p, amount(rnd));
            }
        }
    }

    /** The level frames for a change of the top 25: sets, deletes, and deletes for pushed-out levels if this server sends them. */
    static List<Level> diff(TreeMap<Long, Long>[] before, TreeMap<Long, Long>[] after, TreeMap<Long, Long>[] full,
                            boolean deletesPushedOut, Random rnd) {
        List<Level> out = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            for (Long p : before[s].keySet()) {
                if (!after[s].containsKey(p) && (deletesPushedOut || !full[s].containsKey(p))) {
                    out.add(new Level(s, p, 0, 1));
                }
            }
            for (Map.Entry<Long, Long> e : after[s].entrySet()) {
                if (!e.getValue().equals(before[s].get(e.getKey()))) {
                    out.add(new Level(s, e.getKey(), 1 + rnd.nextInt(30), e.getValue()));
                }
            }
        }
        return out;
    }

    /** Writes frames, feeds parser and engine, compares with the model after each. */
    static final class Session {
        final long seed;
        final Random rnd;
        final BitfinexParser parser;
        final BitfinexChecksumEngine engine;
        final Model model;
        final Texts texts;
        long chanId;
        long seq;
        boolean trailers;
        int frames;

        Session(long seed, Random rnd, BitfinexParser parser, BitfinexChecksumEngine engine, Model model, Texts texts) {
            this.seed = seed;
            this.rnd = rnd;
            this.parser = parser;
            this.engine = engine;
            this.model = model;
            this.texts = texts;
            this.chanId = 1_000 + rnd.nextInt(100_000);
        }

        void conf(long flags) {
            trailers = (flags & BitfinexParser.FLAG_SEQ_ALL) != 0;
            assertThat(parser.parse("{\"event\":\"conf\",\"status\":\"OK\",\"flags\":" + flags + "}")).isEqualTo(FrameKind.CONF);
            assertThat(parser.flags()).isEqualTo(flags);
        }

        void subscribe() {
            chanId += 1 + rnd.nextInt(50);
            String f = "{\"event\":\"subscribed\",\"channel\":\"book\",\"chanId\":" + chanId
                    + ",\"symbol\":\"tXRPBTC\",\"prec\":\"P0\",\"freq\":\"F0\",\"len\":\"25\",\"pair\":\"XRPBTC\"}";
            assertThat(parser.parse(f)).isEqualTo(FrameKind.SUBSCRIBED);
            assertThat(parser.control().depth).isEqualTo(LEN);
            engine.subscribed("subscribed " + chanId); // acts only on a new connection
        }

        private String trailer() {
            if (!trailers) {
                return "]";
            }
            return "," + (++seq) + "," + (1_700_000_000_000L + seq) + "]";
        }

        private String levelText(Level l) {
            return "[" + texts.price(l.price) + "," + l.count + "," + (l.count == 0 ? (l.side == 0 ? "1" : "-1") : texts.amount(l.amount, l.side))
                    + "]";
        }

        void snapshot(TreeMap<Long, Long>[] view) {
            List<Level> levels = new ArrayList<>();
            StringBuilder sb = new StringBuilder("[").append(chanId).append(",[");
            for (int s = 0; s < 2; s++) {
                for (Map.Entry<Long, Long> e : view[s].entrySet()) {
                    Level l = new Level(s, e.getKey(), 1 + rnd.nextInt(30), e.getValue());
                    if (!levels.isEmpty()) {
                        sb.append(',');
                    }
                    levels.add(l);
                    sb.append(levelText(l));
                }
            }
            String frame = sb.append(']').append(trailer()).toString();
            // the independent checksum agrees with BitfinexChecksum over a book of the same levels as sent
            LocalOrderBook b = new LocalOrderBook();
            NumberToken px = new NumberToken();
            NumberToken amt = new NumberToken();
            for (Level l : levels) {
                String pt = texts.price(l.price);
                String at = texts.amount(l.amount, l.side);
                if (pt.contains("e")) {
                    synchronized (BitfinexChecksumModelTest.class) {
                        exponentTexts++;
                    }
                }
                px.parse(pt);
                amt.parse(at);
                b.set(l.side == 0 ? Side.BID : Side.ASK, px.unscaled, px.format, Math.abs(amt.unscaled), NumberText.withoutSign(amt.format), l.count);
            }
            if (new BitfinexChecksum().compute(b) != texts.checksum(view)) {
                throw new AssertionError("seed " + seed + ": BitfinexChecksum disagrees with the model on " + new BitfinexChecksum().checksumString(b));
            }
            FrameKind k = parser.parse(frame);
            if (k != FrameKind.DEPTH_SNAPSHOT) {
                throw new AssertionError("seed " + seed + ": snapshot did not parse (" + parser.error() + "): " + frame);
            }
            check("snapshot", engine.onSnapshot(parser.depth(), false), model.snapshot(levels));
        }

        void level(Level l) {
            String frame = "[" + chanId + "," + levelText(l) + trailer();
            FrameKind k = parser.parse(frame);
            if (k != FrameKind.DEPTH_UPDATE) {
                throw new AssertionError("seed " + seed + ": level frame did not parse (" + parser.error() + "): " + frame);
            }
            check(frame, engine.onUpdate(parser.depth()), model.level(l));
        }

        void cs(int checksum) {
            String frame = "[" + chanId + ",\"cs\"," + checksum + trailer();
            FrameKind k = parser.parse(frame);
            if (k != FrameKind.CHECKSUM) {
                throw new AssertionError("seed " + seed + ": cs frame did not parse (" + parser.error() + "): " + frame);
            }
            check(frame, engine.onUpdate(parser.depth()), model.cs(checksum));
        }

        void heartbeat() {
            assertThat(parser.parse("[" + chanId + ",\"hb\"" + trailer())).isEqualTo(FrameKind.HEARTBEAT);
        }

        private void check(String what, SyncOutcome got, SyncOutcome want) {
            frames++;
            SEEN.merge(want, 1, Integer::sum);
            String at = "seed " + seed + " frame " + frames + " (" + what + ")";
            if (got != want) {
                throw new AssertionError(at + ": engine " + got + " (" + engine.detail() + "), model " + want);
            }
            if (engine.state() != model.state || engine.machine().epoch() != model.epoch) {
                throw new AssertionError(at + ": engine " + engine.state() + " epoch " + engine.machine().epoch() + ", model " + model.state
                        + " epoch " + model.epoch);
            }
            if (want == SyncOutcome.CHECKSUM_MISMATCH && (engine.expected() != model.lastSent || engine.got() != model.lastOurs)) {
                throw new AssertionError(at + ": mismatch reports exchange " + engine.expected() + " book " + engine.got() + ", model "
                        + model.lastSent + " / " + model.lastOurs);
            }
            if (model.state == SyncState.SYNCED) {
                LocalOrderBook b = engine.book();
                for (Side side : Side.values()) {
                    TreeMap<Long, Long> m = model.book[side.ordinal()];
                    if (b.depth(side) != m.size()) {
                        throw new AssertionError(at + ": " + side + " depth " + b.depth(side) + ", model " + m.size());
                    }
                    int i = 0;
                    for (Map.Entry<Long, Long> e : m.entrySet()) {
                        BigDecimal p = BigDecimal.valueOf(b.price(side, i), b.priceScale());
                        BigDecimal q = BigDecimal.valueOf(b.qty(side, i), b.qtyScale());
                        if (p.compareTo(BigDecimal.valueOf(e.getKey(), texts.priceDec)) != 0
                                || q.compareTo(BigDecimal.valueOf(e.getValue(), AMOUNT_DEC)) != 0) {
                            throw new AssertionError(at + ": " + side + " level " + i + " differs: engine " + b + ", model " + m);
                        }
                        i++;
                    }
                }
                if (engine.computeChecksum() != texts.checksum(model.book)) {
                    throw new AssertionError(at + ": engine's checksum of its book " + engine.computeChecksum() + ", model "
                            + texts.checksum(model.book));
                }
            }
        }
    }

    @AfterAll
    static void everyPathWasExercised() {
        if (seedsRun < 100) {
            return;
        }
        System.out.println("Bitfinex model outcomes over " + seedsRun + " seeds: " + SEEN + ", exponent price texts: " + exponentTexts);
        assertThat(SEEN.keySet()).contains(SyncOutcome.SNAPSHOT_APPLIED, SyncOutcome.PENDING, SyncOutcome.SYNCED, SyncOutcome.APPLIED,
                SyncOutcome.VERIFIED, SyncOutcome.BUFFERED, SyncOutcome.CHECKSUM_MISMATCH);
        assertThat(exponentTexts).as("prices hashed in exponent form").isGreaterThan(100);
    }
}
