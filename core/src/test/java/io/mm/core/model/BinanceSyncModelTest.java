package io.mm.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.binance.BinanceParser;
import io.mm.core.binance.BinanceSyncEngine;
import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.feed.FrameKind;
import io.mm.core.num.NumberText;
import io.mm.core.sync.SyncOutcome;
import io.mm.core.sync.SyncState;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Binance's {@link BinanceSyncEngine} against a model of the documented local-book rule, over random streams.
 *
 * <p>Each seed generates the exchange's true stream (events with contiguous {@code [U, u]} id ranges, each
 * changing up to ten levels) and the true book after every update id. The engine is fed real wire frames
 * (raw and combined-stream {@code depthUpdate}s, REST {@code /api/v3/depth} bodies) through
 * {@link BinanceParser}, with dropped events, duplicates, swapped neighbours and REST snapshots taken at
 * random points (older than the buffer, inside an event's range, ahead of the stream).
 *
 * <p>The model is the rule as Binance documents it: drop {@code u <= lastUpdateId}; the first applied event
 * must have {@code U <= lastUpdateId + 1 <= u}; then every event {@code U == previous u + 1}; anything else is
 * a gap (resync, reporting the expected and received ids); a snapshot older than the first buffered event is
 * refused with the buffer kept. For every input the engine's outcome, state, ids and buffer size must equal
 * the model's, and whenever it is SYNCED its book must equal the model's, which must equal the true book at
 * that update id.
 */
class BinanceSyncModelTest {
    private static final int DEC = 8;
    private static final Map<SyncOutcome, Integer> SEEN = Collections.synchronizedMap(new EnumMap<>(SyncOutcome.class));
    private static int seedsRun;

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    /** A side's levels, best first, price and quantity in units of 1e-8. */
    static TreeMap<Long, Long> side(Side s) {
        return new TreeMap<>(s == Side.BID ? Comparator.<Long>reverseOrder() : Comparator.<Long>naturalOrder());
    }

    /** [bids, asks] */
    @SuppressWarnings("unchecked")
    static TreeMap<Long, Long>[] newBook() {
        return new TreeMap[] {side(Side.BID), side(Side.ASK)};
    }

    @SuppressWarnings("unchecked")
    static TreeMap<Long, Long>[] copy(TreeMap<Long, Long>[] b) {
        TreeMap<Long, Long>[] c = new TreeMap[2];
        for (int i = 0; i < 2; i++) {
            c[i] = new TreeMap<>(b[i]);
        }
        return c;
    }

    /** One level change: side 0 bid / 1 ask, qty 0 deletes. */
    record Change(int side, long price, long qty) {}

    record Event(long first, long last, List<Change> changes) {}

    static void apply(TreeMap<Long, Long>[] book, Change c) {
        if (c.qty == 0) {
            book[c.side].remove(c.price);
        } else {
            book[c.side].put(c.price, c.qty);
        }
    }

    static void apply(TreeMap<Long, Long>[] book, Event e) {
        for (Change c : e.changes) {
            apply(book, c);
        }
    }

    /** The exchange's true stream. */
    static final class Truth {
        final long firstId;
        final TreeMap<Long, Long>[] initial;
        final List<Event> events = new ArrayList<>();
        final List<TreeMap<Long, Long>[]> after = new ArrayList<>();
        final Map<Long, Integer> indexOfLast = new HashMap<>();

        Truth(Random rnd, int n) {
            firstId = 1 + rnd.nextInt(1_000_000_000);
            long tick = rnd.nextBoolean() ? 1_000_000 : 100; // 0.01 or 0.000001
            long mid = (1_000 + rnd.nextInt(50_000)) * tick;
            initial = newBook();
            for (int i = 1; i <= 20 + rnd.nextInt(30); i++) {
                initial[0].put(mid - i * tick, qty(rnd));
                initial[1].put(mid + i * tick, qty(rnd));
            }
            TreeMap<Long, Long>[] book = copy(initial);
            long next = firstId;
            for (int k = 0; k < n; k++) {
                mid += (rnd.nextInt(3) - 1) * tick;
                List<Change> changes = new ArrayList<>();
                java.util.Set<Long> used = new java.util.HashSet<>();
                int levels = 1 + rnd.nextInt(10);
                for (int j = 0; j < levels; j++) {
                    int s = rnd.nextInt(2);
                    long p;
                    long q;
                    int r = rnd.nextInt(100);
                    if (r < 25 && !book[s].isEmpty()) {
                        p = anyKey(rnd, book[s]); // delete a level that exists
                        q = 0;
                    } else if (r < 30) {
                        p = price(rnd, s, mid, tick); // delete a level that may not exist (documented as normal)
                        q = 0;
                    } else {
                        p = price(rnd, s, mid, tick);
                        q = qty(rnd);
                    }
                    if (used.add(s * 31 + p)) {
                        changes.add(new Change(s, p, q));
                    }
                }
                long last = next + rnd.nextInt(4);
                Event e = new Event(next, last, changes);
                apply(book, e);
                events.add(e);
                after.add(copy(book));
                indexOfLast.put(last, k);
                next = last + 1;
            }
        }

        private static long price(Random rnd, int side, long mid, long tick) {
            int t = 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(60) : rnd.nextInt(8));
            return side == 0 ? mid - t * tick : mid + t * tick;
        }

        private static long qty(Random rnd) {
            return (1 + rnd.nextInt(100_000)) * 1_000_000L; // 0.01 .. 1000.00
        }

        /** The book a REST snapshot at {@code lastUpdateId} shows; an id inside an event's range has part of it. */
        TreeMap<Long, Long>[] bookAt(long id, Random rnd) {
            if (id < firstId) {
                return copy(initial);
            }
            int k = indexOfId(id);
            Event e = events.get(k);
            if (id == e.last) {
                return copy(after.get(k));
            }
            TreeMap<Long, Long>[] b = copy(k == 0 ? initial : after.get(k - 1));
            for (Change c : e.changes) {
                if (rnd.nextBoolean()) {
                    apply(b, c);
                }
            }
            return b;
        }

        int indexOfId(long id) {
            int lo = 0;
            int hi = events.size() - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (events.get(mid).last < id) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    static long anyKey(Random rnd, TreeMap<Long, Long> m) {
        int i = rnd.nextInt(m.size());
        for (Long k : m.keySet()) {
            if (i-- == 0) {
                return k;
            }
        }
        throw new AssertionError();
    }

    /** The documented algorithm, written plainly. */
    static final class Model {
        SyncState state = SyncState.SNAPSHOT;
        final ArrayDeque<Event> buffer = new ArrayDeque<>();
        final int capacity;
        long id;
        TreeMap<Long, Long>[] book = newBook();
        long expected;
        long got;

        Model(int capacity) {
            this.capacity = capacity;
        }

        private void buffer(Event e) {
            if (buffer.size() == capacity) {
                buffer.pollFirst();
            }
            buffer.addLast(e);
        }

        private SyncOutcome gap(long receivedFirst) {
            expected = id + 1;
            got = receivedFirst;
            state = SyncState.RESYNCING;
            return SyncOutcome.GAP;
        }

        SyncOutcome update(Event e) {
            switch (state) {
                case SNAPSHOT:
                case RESYNCING:
                    buffer(e);
                    return SyncOutcome.BUFFERED;
                case SYNCING:
                    if (e.last <= id) {
                        return SyncOutcome.STALE;
                    }
                    if (!(e.first <= id + 1 && id + 1 <= e.last)) {
                        buffer.clear();
                        buffer(e);
                        return gap(e.first);
                    }
                    apply(book, e);
                    id = e.last;
                    state = SyncState.SYNCED;
                    return SyncOutcome.SYNCED;
                case SYNCED:
                    if (e.last <= id) {
                        return SyncOutcome.DUPLICATE;
                    }
                    if (e.first != id + 1) {
                        buffer.clear();
                        buffer(e);
                        return gap(e.first);
                    }
                    apply(book, e);
                    id = e.last;
                    return SyncOutcome.APPLIED;
                default:
                    throw new AssertionError(state);
            }
        }

        SyncOutcome snapshot(long lastUpdateId, TreeMap<Long, Long>[] snap) {
            if (state == SyncState.SYNCED) {
                return SyncOutcome.IGNORED;
            }
            if (!buffer.isEmpty() && lastUpdateId < buffer.peekFirst().first - 1) {
                expected = buffer.peekFirst().first - 1;
                got = lastUpdateId;
                return SyncOutcome.SNAPSHOT_STALE;
            }
            book = copy(snap);
            id = lastUpdateId;
            state = SyncState.SYNCING;
            boolean appliedAny = false;
            while (!buffer.isEmpty()) {
                Event e = buffer.peekFirst();
                if (e.last <= id) {
                    buffer.pollFirst();
                    continue;
                }
                boolean ok = appliedAny ? e.first == id + 1 : e.first <= id + 1 && id + 1 <= e.last;
                if (!ok) {
                    return gap(e.first); // the breaking event and everything after it stay buffered
                }
                buffer.pollFirst();
                apply(book, e);
                id = e.last;
                appliedAny = true;
            }
            if (appliedAny) {
                state = SyncState.SYNCED;
                return SyncOutcome.SYNCED;
            }
            return SyncOutcome.SNAPSHOT_APPLIED;
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void engineAgreesWithTheDocumentedRule(long seed) {
        Random rnd = new Random(seed);
        Truth truth = new Truth(rnd, 250 + rnd.nextInt(150));
        int capacity = new int[] {3, 16, 1000}[rnd.nextInt(3)];
        BinanceSyncEngine engine = new BinanceSyncEngine(capacity);
        Model model = new Model(capacity);
        BinanceParser parser = new BinanceParser();
        engine.subscribed("test");
        assertThat(engine.state()).isEqualTo(SyncState.SNAPSHOT);
        // how eager the scenario is to inject faults and fetch snapshots varies by seed
        int dropPct = rnd.nextInt(4);
        int dupPct = rnd.nextInt(5);
        int swapPct = rnd.nextInt(4);
        int snapshotPct = 10 + rnd.nextInt(40);

        Driver d = new Driver(seed, truth, engine, model, parser);
        int i = 0;
        int syncedInputs = 0;
        while (i < truth.events.size()) {
            boolean waiting = model.state == SyncState.SNAPSHOT || model.state == SyncState.RESYNCING;
            if ((waiting && rnd.nextInt(100) < snapshotPct) || rnd.nextInt(200) == 0) {
                // a REST snapshot from around "now" (the newest event the exchange emitted is i - 1)
                int t = Math.max(-1, Math.min(truth.events.size() - 1, i - 1 + rnd.nextInt(12) - 8));
                long l;
                if (t < 0) {
                    l = truth.firstId - 1;
                } else {
                    Event e = truth.events.get(t);
                    l = rnd.nextBoolean() ? e.last : e.first + rnd.nextInt((int) (e.last - e.first + 1)) - 1;
                }
                d.snapshot(l, truth.bookAt(l, rnd), rnd);
            } else {
                int r = rnd.nextInt(100);
                if (r < dropPct) {
                    i++; // lost in transit
                } else if (r < dropPct + dupPct) {
                    d.event(i, rnd);
                    d.event(Math.max(0, i - rnd.nextInt(5)), rnd);
                    i++;
                } else if (r < dropPct + dupPct + swapPct && i + 1 < truth.events.size()) {
                    d.event(i + 1, rnd);
                    d.event(i, rnd);
                    i += 2;
                } else {
                    d.event(i, rnd);
                    i++;
                }
            }
            if (model.state == SyncState.SYNCED) {
                syncedInputs++;
            }
        }
        assertThat(syncedInputs).as("seed %d never synced", seed).isPositive();
        synchronized (BinanceSyncModelTest.class) {
            seedsRun++;
        }
    }

    /** Feeds one input to both, as wire text through the parser, and compares everything. */
    static final class Driver {
        final long seed;
        final Truth truth;
        final BinanceSyncEngine engine;
        final Model model;
        final BinanceParser parser;
        int inputs;

        Driver(long seed, Truth truth, BinanceSyncEngine engine, Model model, BinanceParser parser) {
            this.seed = seed;
            this.truth = truth;
            this.engine = engine;
            this.model = model;
            this.parser = parser;
        }

        void event(int k, Random rnd) {
            Event e = truth.events.get(k);
            String frame = depthUpdateFrame(e, rnd);
            FrameKind kind = parser.parse(frame);
            if (kind != FrameKind.DEPTH_UPDATE) {
                throw new AssertionError("seed " + seed + ": generated frame did not parse (" + parser.error() + "): " + frame);
            }
            SyncOutcome got = engine.onUpdate(parser.depth());
            SyncOutcome want = model.update(e);
            check("event " + k + " U=" + e.first + " u=" + e.last, got, want);
        }

        void snapshot(long lastUpdateId, TreeMap<Long, Long>[] book, Random rnd) {
            String body = restBody(lastUpdateId, book);
            if (parser.parseRestSnapshot(body, "BTCUSDT") != FrameKind.DEPTH_SNAPSHOT) {
                throw new AssertionError("seed " + seed + ": generated snapshot did not parse: " + parser.error());
            }
            SyncOutcome got = engine.onSnapshot(parser.depth(), true);
            SyncOutcome want = model.snapshot(lastUpdateId, book);
            check("snapshot lastUpdateId=" + lastUpdateId, got, want);
        }

        private void check(String input, SyncOutcome got, SyncOutcome want) {
            inputs++;
            SEEN.merge(want, 1, Integer::sum);
            String at = "seed " + seed + " input " + inputs + " (" + input + "), model state " + model.state;
            if (got != want) {
                throw new AssertionError(at + ": engine said " + got + " (" + engine.detail() + "), model " + want);
            }
            if (engine.state() != model.state) {
                throw new AssertionError(at + ": engine state " + engine.state());
            }
            if (engine.isSynced() != (model.state == SyncState.SYNCED)) {
                throw new AssertionError(at + ": isSynced " + engine.isSynced());
            }
            if (want == SyncOutcome.GAP || want == SyncOutcome.SNAPSHOT_STALE) {
                if (engine.expected() != model.expected || engine.got() != model.got) {
                    throw new AssertionError(at + ": engine reports expected " + engine.expected() + " got " + engine.got()
                            + ", model expected " + model.expected + " got " + model.got);
                }
            }
            if (engine.buffered() != model.buffer.size()) {
                throw new AssertionError(at + ": engine buffers " + engine.buffered() + ", model " + model.buffer.size());
            }
            if (model.state == SyncState.SYNCING || model.state == SyncState.SYNCED) {
                if (engine.lastUpdateId() != model.id) {
                    throw new AssertionError(at + ": engine at id " + engine.lastUpdateId() + ", model " + model.id);
                }
            }
            if (model.state == SyncState.SYNCED) {
                // the model book is the truth at that id, and the engine's book is the model's
                Integer k = truth.indexOfLast.get(model.id);
                if (k == null || !truth.after.get(k)[0].equals(model.book[0]) || !truth.after.get(k)[1].equals(model.book[1])) {
                    throw new AssertionError(at + ": the model's own book is not the truth at " + model.id);
                }
                sameBook(engine.book(), model.book, at);
            }
        }
    }

    /** Every level of both sides, in order (so also the top N for any N). */
    static void sameBook(LocalOrderBook book, TreeMap<Long, Long>[] model, String at) {
        for (Side s : Side.values()) {
            TreeMap<Long, Long> m = model[s.ordinal()];
            if (book.depth(s) != m.size()) {
                throw new AssertionError(at + ": " + s + " depth " + book.depth(s) + ", model " + m.size());
            }
            int i = 0;
            for (Map.Entry<Long, Long> e : m.entrySet()) {
                long p = book.price(s, i) * NumberText.pow10(DEC - book.priceScale());
                long q = book.qty(s, i) * NumberText.pow10(DEC - book.qtyScale());
                if (p != e.getKey() || q != e.getValue()) {
                    throw new AssertionError(at + ": " + s + " level " + i + " " + p + "x" + q + ", model " + e.getKey() + "x" + e.getValue());
                }
                i++;
            }
        }
    }

    static String num(long units) {
        return BigDecimal.valueOf(units, DEC).toPlainString(); // Binance writes 8 decimals: "0.35130000"
    }

    static String depthUpdateFrame(Event e, Random rnd) {
        StringBuilder b = new StringBuilder("[");
        StringBuilder a = new StringBuilder("[");
        for (Change c : e.changes) {
            StringBuilder x = c.side == 0 ? b : a;
            if (x.length() > 1) {
                x.append(',');
            }
            x.append("[\"").append(num(c.price)).append("\",\"").append(num(c.qty)).append("\"]");
        }
        String data = "{\"e\":\"depthUpdate\",\"E\":" + (1_700_000_000_000L + e.first) + ",\"s\":\"BTCUSDT\",\"U\":" + e.first
                + ",\"u\":" + e.last + ",\"b\":" + b + "],\"a\":" + a + "]}";
        return rnd.nextBoolean() ? "{\"stream\":\"btcusdt@depth@100ms\",\"data\":" + data + "}" : data;
    }

    static String restBody(long lastUpdateId, TreeMap<Long, Long>[] book) {
        StringBuilder sb = new StringBuilder("{\"lastUpdateId\":").append(lastUpdateId);
        for (int s = 0; s < 2; s++) {
            sb.append(s == 0 ? ",\"bids\":[" : ",\"asks\":[");
            boolean first = true;
            for (Map.Entry<Long, Long> e : book[s].entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append("[\"").append(num(e.getKey())).append("\",\"").append(num(e.getValue())).append("\"]");
            }
            sb.append(']');
        }
        return sb.append('}').toString();
    }

    /** Guards against a vacuous run: over all seeds every rule of the model was exercised. */
    @AfterAll
    static void everyRuleWasExercised() {
        if (seedsRun < 100) {
            return; // a single seed run from an IDE
        }
        System.out.println("Binance model outcomes over " + seedsRun + " seeds: " + SEEN);
        assertThat(SEEN.keySet()).contains(SyncOutcome.BUFFERED, SyncOutcome.STALE, SyncOutcome.DUPLICATE, SyncOutcome.APPLIED,
                SyncOutcome.SYNCED, SyncOutcome.SNAPSHOT_APPLIED, SyncOutcome.SNAPSHOT_STALE, SyncOutcome.GAP, SyncOutcome.IGNORED);
        assertThat(SEEN.get(SyncOutcome.GAP)).isGreaterThan(100);
    }
}
