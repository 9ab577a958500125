package io.mm.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.num.NumberText;
import io.mm.core.num.NumberToken;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link LocalOrderBook} against a naive model: one {@code TreeMap<Long, Long>} per side (price and quantity
 * in units of 1e-8), driven by random set / delete / remove / truncate / clear / copy streams whose numbers
 * are written in varying text forms (more or fewer decimals, trailing zeros, exponents), so the book's
 * scale growth, window recentring and array growth are all exercised. After every operation the best
 * levels, top-N of both sides, depths, crossed flag and the text each level would be written back as must
 * agree with the model.
 */
class LocalOrderBookModelTest {
    /** Model unit: 1e-8, the most decimals any generated token has in the main stream. */
    private static final int MODEL_SCALE = 8;
    private static final long MAX = Long.MAX_VALUE;

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    /** The model book: per side price -> level, best first by the comparator. */
    static final class ModelSide {
        final TreeMap<Long, Long> qty;
        final Map<Long, String> priceText = new java.util.HashMap<>();
        final Map<Long, String> qtyText = new java.util.HashMap<>();

        ModelSide(Side side) {
            qty = new TreeMap<>(side == Side.BID ? Comparator.<Long>reverseOrder() : Comparator.<Long>naturalOrder());
        }

        void set(long px, long q, String pt, String qt) {
            if (q == 0) {
                remove(px);
            } else {
                qty.put(px, q);
                priceText.put(px, pt);
                qtyText.put(px, qt);
            }
        }

        void remove(long px) {
            qty.remove(px);
            priceText.remove(px);
            qtyText.remove(px);
        }

        void truncate(int depth) {
            while (qty.size() > Math.max(0, depth)) {
                remove(qty.lastKey());
            }
        }

        void clear() {
            qty.clear();
            priceText.clear();
            qtyText.clear();
        }

        List<long[]> top(int n) {
            List<long[]> out = new ArrayList<>();
            for (Map.Entry<Long, Long> e : qty.entrySet()) {
                if (out.size() == n) {
                    break;
                }
                out.add(new long[] {e.getKey(), e.getValue()});
            }
            return out;
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomStreamsAgreeWithTreeMapModel(long seed) {
        Random rnd = new Random(seed);
        LocalOrderBook book = new LocalOrderBook(rnd.nextInt(3) == 0 ? 1 : rnd.nextInt(3) == 0 ? 8 : 64);
        ModelSide bids = new ModelSide(Side.BID);
        ModelSide asks = new ModelSide(Side.ASK);
        NumberToken px = new NumberToken();
        NumberToken qt = new NumberToken();
        // the tick, in model units: every price is a multiple of it, except a few finer ones
        long tick = LongStream.of(1, 100, 10_000, 1_000_000, 100_000_000).toArray()[rnd.nextInt(5)];
        long mid = (1_000 + rnd.nextInt(100_000)) * tick;
        int ops = 300 + rnd.nextInt(300);
        for (int op = 0; op < ops; op++) {
            mid += (rnd.nextInt(5) - 2) * tick;
            Side side = rnd.nextBoolean() ? Side.BID : Side.ASK;
            ModelSide m = side == Side.BID ? bids : asks;
            int r = rnd.nextInt(100);
            String what;
            if (r < 55) {
                long p = randomPrice(rnd, side, mid, tick);
                long q = 1 + (long) (rnd.nextDouble() * rnd.nextDouble() * 1_000 * 100_000_000L);
                String pText = text(rnd, p);
                String qText = text(rnd, q);
                what = "set " + side + " " + pText + " x " + qText;
                assertThat(px.parse(pText) && qt.parse(qText)).as(what).isTrue();
                assertThat(book.set(side, px.unscaled, px.format, qt.unscaled, qt.format)).as(what).isTrue();
                m.set(p, q, pText, qText);
            } else if (r < 75) {
                long p = !m.qty.isEmpty() && rnd.nextInt(10) < 7 ? anyKey(rnd, m) : randomPrice(rnd, side, mid, tick);
                String pText = text(rnd, p);
                String zero = rnd.nextBoolean() ? "0" : "0.00000000";
                what = "delete " + side + " " + pText + " with qty " + zero;
                assertThat(px.parse(pText) && qt.parse(zero)).as(what).isTrue();
                assertThat(book.set(side, px.unscaled, px.format, qt.unscaled, qt.format)).as(what).isTrue();
                m.remove(p);
            } else if (r < 83) {
                long p = !m.qty.isEmpty() && rnd.nextBoolean() ? anyKey(rnd, m) : randomPrice(rnd, side, mid, tick);
                String pText = text(rnd, p);
                what = "remove " + side + " " + pText;
                assertThat(px.parse(pText)).isTrue();
                assertThat(book.remove(side, px.unscaled, px.format)).as(what).isTrue();
                m.remove(p);
            } else if (r < 88) {
                int depth = rnd.nextInt(40);
                if (rnd.nextBoolean()) {
                    what = "truncate " + depth;
                    book.truncate(depth);
                    bids.truncate(depth);
                    asks.truncate(depth);
                } else {
                    what = "truncate " + side + " " + depth;
                    book.truncate(side, depth);
                    m.truncate(depth);
                }
            } else if (r < 89) {
                what = "clear";
                book.clear();
                bids.clear();
                asks.clear();
            } else if (r < 93) {
                what = "copy";
                LocalOrderBook copy = new LocalOrderBook(rnd.nextInt(4));
                if (rnd.nextBoolean()) {
                    // a copy into a book that already held something must not keep any of it
                    copy.set(Side.BID, 123456789, NumberText.plainFormat(3), 5, 0);
                    copy.set(Side.ASK, 1, 0, 5, 0);
                }
                copy.copyFrom(book);
                assertEqual(copy, bids, asks, "copy at op " + op);
                assertThat(copy.sameLevels(book)).isTrue();
                // the copy is independent of the original
                copy.clear();
                assertThat(book.depth(Side.BID)).isEqualTo(bids.qty.size());
            } else {
                what = "compare with a book rebuilt from the model";
                LocalOrderBook rebuilt = rebuild(bids, asks, rnd);
                assertThat(rebuilt.sameLevels(book)).as(what).isTrue();
                assertThat(book.sameLevels(rebuilt)).as(what).isTrue();
                if (!bids.qty.isEmpty()) {
                    // one quantity differs by one unit: no longer the same levels
                    Map.Entry<Long, Long> e = bids.qty.firstEntry();
                    rebuilt.set(Side.BID, e.getKey(), NumberText.plainFormat(MODEL_SCALE), e.getValue() + 1,
                            NumberText.plainFormat(MODEL_SCALE));
                    assertThat(rebuilt.sameLevels(book)).as(what + " after changing a qty").isFalse();
                }
            }
            assertEqual(book, bids, asks, "seed " + seed + " op " + op + " (" + what + ")");
            if (op % 50 == 0) {
                assertTop(book, bids, asks, 1 + rnd.nextInt(10));
            }
        }
    }

    /**
     * The search walks down from the best level before bisecting: every rank of a deep book (and every gap
     * between ranks) must be found, inserted and removed where the model says, at any distance from the best.
     */
    @ParameterizedTest(name = "{0} levels")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 3, 7, 64, 65, 300, 5000})
    void everyRankOfADeepBookIsFoundInsertedAndRemoved(int levels) {
        LocalOrderBook book = new LocalOrderBook(8);
        ModelSide bids = new ModelSide(Side.BID);
        ModelSide asks = new ModelSide(Side.ASK);
        int f = NumberText.plainFormat(0);
        for (int i = 0; i < levels; i++) { // even prices only: the odd ones fall between levels
            book.set(Side.BID, 100_000 - 2L * i, f, 1, f);
            bids.set(100_000 - 2L * i, 1, "", "");
            book.set(Side.ASK, 100_002 + 2L * i, f, 1, f);
            asks.set(100_002 + 2L * i, 1, "", "");
        }
        Random rnd = new Random(levels);
        for (int i = -1; i <= levels; i++) {
            long bidPx = 100_000 - 2L * i;
            long askPx = 100_002 + 2L * i;
            long q = 2 + rnd.nextInt(1000);
            book.set(Side.BID, bidPx, f, q, f); // an existing level (or one past either end)
            bids.set(bidPx, q, "", "");
            book.set(Side.ASK, askPx, f, q, f);
            asks.set(askPx, q, "", "");
            book.set(Side.BID, bidPx - 1, f, q, f); // between two levels
            bids.set(bidPx - 1, q, "", "");
            book.set(Side.ASK, askPx + 1, f, q, f);
            asks.set(askPx + 1, q, "", "");
            assertSameRawLevels(book, bids, asks);
            book.set(Side.BID, bidPx - 1, f, 0, f);
            bids.remove(bidPx - 1);
            book.remove(Side.ASK, askPx + 1, f);
            asks.remove(askPx + 1);
            book.set(Side.BID, bidPx - 1, f, 0, f); // removing what is not there changes nothing
            assertThat(book.depth(Side.BID)).isEqualTo(bids.qty.size());
            assertThat(book.depth(Side.ASK)).isEqualTo(asks.qty.size());
        }
        assertSameRawLevels(book, bids, asks);
    }

    /** Every level, best first, in the book's own units (a book of integer prices and quantities). */
    private static void assertSameRawLevels(LocalOrderBook book, ModelSide bids, ModelSide asks) {
        for (Side s : Side.values()) {
            ModelSide m = s == Side.BID ? bids : asks;
            assertThat(book.depth(s)).isEqualTo(m.qty.size());
            int i = 0;
            for (Map.Entry<Long, Long> e : m.qty.entrySet()) {
                if (book.price(s, i) != e.getKey() || book.qty(s, i) != e.getValue()) {
                    assertThat(book.price(s, i) + "x" + book.qty(s, i)).as(s + " level " + i).isEqualTo(e.getKey() + "x" + e.getValue());
                }
                i++;
            }
        }
    }

    private static long randomPrice(Random rnd, Side side, long mid, long tick) {
        // mostly near the top of the own side, sometimes deep, sometimes through the other side (a crossed book)
        int ticks = rnd.nextInt(10) < 7 ? rnd.nextInt(12) : rnd.nextInt(400);
        if (rnd.nextInt(20) == 0) {
            ticks = -rnd.nextInt(15);
        }
        long p = side == Side.BID ? mid - ticks * tick : mid + ticks * tick;
        if (tick > 1 && rnd.nextInt(25) == 0) {
            // a finer price than the tick: needs more decimals than the book may hold yet
            p += 1 + rnd.nextInt((int) Math.min(tick - 1, 1_000_000));
        }
        return Math.max(1, p);
    }

    private static long anyKey(Random rnd, ModelSide m) {
        int i = rnd.nextInt(m.qty.size());
        for (Long k : m.qty.keySet()) {
            if (i-- == 0) {
                return k;
            }
        }
        throw new AssertionError();
    }

    /** A random exchange-like text of {@code v} units of 1e-8: plain with 0..8 decimals (as needed) or exponent form. */
    static String text(Random rnd, long v) {
        BigDecimal d = BigDecimal.valueOf(v, MODEL_SCALE);
        BigDecimal stripped = d.stripTrailingZeros();
        int minDecimals = Math.max(0, stripped.scale());
        String s;
        int form = rnd.nextInt(10);
        if (form < 7) {
            s = d.setScale(minDecimals + rnd.nextInt(MODEL_SCALE - minDecimals + 1)).toPlainString();
        } else {
            // mantissa digits 'u' times 10^-scale, written as u e -scale (optionally with a point in the mantissa)
            BigInteger u = stripped.unscaledValue();
            int exp = -stripped.scale();
            String mant = u.toString();
            if (form == 9 && mant.length() > 1) {
                exp += mant.length() - 1;
                mant = mant.charAt(0) + "." + mant.substring(1);
            }
            String e = rnd.nextBoolean() ? "e" : "E";
            String sign = exp < 0 ? "-" : rnd.nextBoolean() ? "+" : "";
            String digits = Integer.toString(Math.abs(exp));
            if (rnd.nextInt(4) == 0) {
                digits = "0" + digits;
            }
            s = mant + e + sign + digits;
        }
        if (new BigDecimal(s).compareTo(d) != 0) {
            throw new AssertionError("generator wrote " + s + " for " + d);
        }
        return s;
    }

    private static LocalOrderBook rebuild(ModelSide bids, ModelSide asks, Random rnd) {
        LocalOrderBook b = new LocalOrderBook(8);
        NumberToken px = new NumberToken();
        NumberToken qt = new NumberToken();
        for (Side s : Side.values()) {
            ModelSide m = s == Side.BID ? bids : asks;
            for (Map.Entry<Long, Long> e : m.qty.entrySet()) {
                // other texts of the same values: the book's scales may differ from the original's
                px.parse(text(rnd, e.getKey()));
                qt.parse(text(rnd, e.getValue()));
                b.set(s, px.unscaled, px.format, qt.unscaled, qt.format);
            }
        }
        return b;
    }

    /** Everything observable about the book agrees with the model (plain checks: this runs after every op). */
    static void assertEqual(LocalOrderBook book, ModelSide bids, ModelSide asks, String at) {
        if (book.priceScale() < 0 || book.priceScale() > MODEL_SCALE || book.qtyScale() < 0 || book.qtyScale() > MODEL_SCALE) {
            throw new AssertionError(at + ": scales " + book.priceScale() + "/" + book.qtyScale());
        }
        for (Side s : Side.values()) {
            ModelSide m = s == Side.BID ? bids : asks;
            if (book.depth(s) != m.qty.size()) {
                throw new AssertionError(at + ": " + s + " depth " + book.depth(s) + ", model " + m.qty.size() + "\n" + book);
            }
            int i = 0;
            for (Map.Entry<Long, Long> e : m.qty.entrySet()) {
                long p = toModel(book.price(s, i), book.priceScale());
                long q = toModel(book.qty(s, i), book.qtyScale());
                if (p != e.getKey() || q != e.getValue()) {
                    throw new AssertionError(at + ": " + s + " level " + i + " is " + p + " x " + q + ", model " + e.getKey() + " x "
                            + e.getValue() + "\n" + book);
                }
                if (i < 3) {
                    // the text the level is written back as (checksums, output rows) is the text last set
                    String pt = NumberText.asSent(book.price(s, i), book.priceScale(), book.priceFormat(s, i));
                    String qt = NumberText.asSent(book.qty(s, i), book.qtyScale(), book.qtyFormat(s, i));
                    if (!pt.equals(m.priceText.get(e.getKey())) || !qt.equals(m.qtyText.get(e.getKey()))) {
                        throw new AssertionError(at + ": " + s + " level " + i + " written back as " + pt + " x " + qt + ", sent as "
                                + m.priceText.get(e.getKey()) + " x " + m.qtyText.get(e.getKey()));
                    }
                }
                i++;
            }
            int n = m.qty.size();
            assertThatThrownBy(() -> book.price(s, n)).isInstanceOf(IndexOutOfBoundsException.class);
        }
        boolean crossed = !bids.qty.isEmpty() && !asks.qty.isEmpty() && bids.qty.firstKey() >= asks.qty.firstKey();
        if (book.isCrossed() != crossed) {
            throw new AssertionError(at + ": crossed " + book.isCrossed() + ", model " + crossed + "\n" + book);
        }
        if (book.isEmpty() != (bids.qty.isEmpty() && asks.qty.isEmpty())) {
            throw new AssertionError(at + ": isEmpty " + book.isEmpty());
        }
    }

    /** Best levels and the top {@code n} of both sides, as the model lists them (used by the tests' summaries). */
    static void assertTop(LocalOrderBook book, ModelSide bids, ModelSide asks, int n) {
        for (Side s : Side.values()) {
            ModelSide m = s == Side.BID ? bids : asks;
            List<long[]> top = m.top(n);
            List<String> got = new ArrayList<>();
            List<String> want = new ArrayList<>();
            for (int i = 0; i < Math.min(n, book.depth(s)); i++) {
                got.add(toModel(book.price(s, i), book.priceScale()) + "x" + toModel(book.qty(s, i), book.qtyScale()));
            }
            for (long[] l : top) {
                want.add(l[0] + "x" + l[1]);
            }
            assertThat(got).as(s + " top " + n).isEqualTo(want);
        }
    }

    private static long toModel(long scaled, int scale) {
        return scaled * NumberText.pow10(MODEL_SCALE - scale);
    }

    /**
     * Tokens the book cannot always hold (up to 18 digits, up to 18 decimals, large exponents): {@code set}
     * returns false exactly when the value, or a level already held, would not fit in a long at the scale the
     * book would need, and then the book's values are unchanged. Modelled with BigDecimal.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void extremeTokensAreRefusedExactlyWhenTheyCannotBeHeld(long seed) {
        Random rnd = new Random(seed);
        LocalOrderBook book = new LocalOrderBook();
        TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
        TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
        int ps = 0;
        int qs = 0;
        NumberToken px = new NumberToken();
        NumberToken qt = new NumberToken();
        for (int op = 0; op < 120; op++) {
            Side side = rnd.nextBoolean() ? Side.BID : Side.ASK;
            TreeMap<BigDecimal, BigDecimal> m = side == Side.BID ? bids : asks;
            String pText = extreme(rnd, false);
            String qText = rnd.nextInt(6) == 0 ? "0" : extreme(rnd, true);
            String at = "seed " + seed + " op " + op + ": set " + side + " " + pText + " x " + qText;
            if (!px.parse(pText) || !qt.parse(qText)) {
                continue; // beyond NumberToken (more than 18 digits): the parsers refuse these
            }
            BigDecimal p = new BigDecimal(pText);
            BigDecimal q = new BigDecimal(qText);
            // the model of set(): grow the price scale (all prices must still fit), then the price, then the qty
            boolean ok;
            int needP = NumberText.writtenScale(px.format);
            int newPs = Math.max(ps, needP);
            if (newPs > NumberText.MAX_SCALE || !allFit(bids.keySet(), newPs) || !allFit(asks.keySet(), newPs)) {
                ok = false;
            } else {
                ps = newPs;
                if (!fits(p, ps)) {
                    ok = false;
                } else if (q.signum() == 0) {
                    ok = true;
                } else {
                    int needQ = NumberText.writtenScale(qt.format);
                    int newQs = Math.max(qs, needQ);
                    if (newQs > NumberText.MAX_SCALE || !allFit(bids.values(), newQs) || !allFit(asks.values(), newQs)) {
                        ok = false;
                    } else {
                        qs = newQs;
                        ok = fits(q, qs);
                    }
                }
            }
            boolean done = book.set(side, px.unscaled, px.format, qt.unscaled, qt.format);
            assertThat(done).as(at).isEqualTo(ok);
            if (ok) {
                if (q.signum() == 0) {
                    m.remove(p);
                } else {
                    m.put(p, q);
                }
            }
            assertThat(book.priceScale()).as(at + " price scale").isEqualTo(ps);
            assertThat(book.qtyScale()).as(at + " qty scale").isEqualTo(qs);
            for (Side s : Side.values()) {
                TreeMap<BigDecimal, BigDecimal> ms = s == Side.BID ? bids : asks;
                assertThat(book.depth(s)).as(at).isEqualTo(ms.size());
                int i = 0;
                for (Map.Entry<BigDecimal, BigDecimal> e : ms.entrySet()) {
                    assertThat(BigDecimal.valueOf(book.price(s, i), book.priceScale())).as(at + " " + s + " price " + i)
                            .isEqualByComparingTo(e.getKey());
                    assertThat(BigDecimal.valueOf(book.qty(s, i), book.qtyScale())).as(at + " " + s + " qty " + i)
                            .isEqualByComparingTo(e.getValue());
                    i++;
                }
            }
        }
    }

    private static boolean allFit(java.util.Collection<BigDecimal> values, int scale) {
        for (BigDecimal v : values) {
            if (!fits(v, scale)) {
                return false;
            }
        }
        return true;
    }

    private static boolean fits(BigDecimal v, int scale) {
        return v.abs().movePointRight(scale).compareTo(BigDecimal.valueOf(MAX)) <= 0;
    }

    /** Mostly ordinary numbers, sometimes many digits, many decimals or big exponents. */
    private static String extreme(Random rnd, boolean qty) {
        int kind = rnd.nextInt(10);
        if (kind < 5) {
            long v = 1 + rnd.nextInt(1_000_000);
            return BigDecimal.valueOf(v, rnd.nextInt(5)).toPlainString();
        }
        if (kind < 7) {
            // up to 18 significant digits with up to 18 decimals
            int digits = 1 + rnd.nextInt(18);
            StringBuilder sb = new StringBuilder().append((char) ('1' + rnd.nextInt(9)));
            for (int i = 1; i < digits; i++) {
                sb.append((char) ('0' + rnd.nextInt(10)));
            }
            return new BigDecimal(new BigInteger(sb.toString()), rnd.nextInt(19)).toPlainString();
        }
        if (kind < 9) {
            int e = rnd.nextInt(30) - 20;
            return (1 + rnd.nextInt(99)) + "e" + e;
        }
        return qty ? "0.0000000000000000001" : "1e-19";
    }
}
