package io.mm.simulator.market;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One symbol's market: a book of a few hundred levels per side around a random-walking mid, evolved one step at
 * a time by a seeded generator, so a seed and a sequence of steps always give the same book changes and trades.
 * Trades take the best level of the other side (the book changes accordingly) and are kept in a bounded log
 * from which REST candles and trades are answered. Every change is one Binance update id.
 *
 * <p>Not thread-safe: each exchange's market thread owns its symbols; readers take {@link #snapshot} copies
 * under the market's lock.
 */
public final class SymbolMarket {
    static final int MIN_LEVELS = 150;
    static final int MAX_LEVELS = 400;
    /** Trades kept per symbol for REST history (about three hours at the default rate). */
    public static final int TRADE_LOG = 200_000;

    public final Instrument instrument;
    private final Random random;
    private final Ladder bids = new Ladder(true);
    private final Ladder asks = new Ladder(false);
    private final TradeLog trades;
    private final Step step = new Step();
    private long updateId = 1_000_000;
    private long tradeId = 10_000; // until seedPast sets where the ids start
    private final long lotUnit;

    public SymbolMarket(Instrument instrument, long seed) {
        this(instrument, seed, TRADE_LOG);
    }

    public SymbolMarket(Instrument instrument, long seed, int tradeLog) {
        this.instrument = instrument;
        this.trades = new TradeLog(tradeLog);
        this.random = new Random(seed ^ instrument.symbol().hashCode());
        this.lotUnit = qtyUnit(instrument);
        long mid = instrument.startPrice();
        long t = instrument.tick();
        for (int i = 1; i <= (MIN_LEVELS + MAX_LEVELS) / 2; i++) {
            bids.put(mid - i * t, lot(), 1 + random.nextInt(5));
            asks.put(mid + i * t, lot(), 1 + random.nextInt(5));
        }
    }

    /** A quantity unit worth roughly a few hundred quote units at the start price (so sizes look real). */
    private static long qtyUnit(Instrument i) {
        double price = i.startPrice() / Math.pow(10, i.priceDecimals());
        double units = Math.max(1e-8, 50 / Math.max(price, 1e-9));
        long u = Math.round(units * Math.pow(10, i.qtyDecimals()));
        return Math.max(1, u);
    }

    private long lot() {
        // 1 to ~200 lots, skewed small; quantities keep a few significant digits like real books
        long lots = 1 + (long) (Math.pow(random.nextDouble(), 3) * 200);
        long q = lots * lotUnit;
        long mag = 1;
        while (q / mag > 100_000) {
            mag *= 10;
        }
        return Math.max(lotUnit, q / mag * mag);
    }

    /**
     * Gives the market a past of {@code days} before {@code startMs} (REST history answers from it) and where its
     * ids start. Trade and Binance update ids count on from the time of the start at twice the pace the market
     * makes them at {@code stepsPerSecond}, so a simulator started later goes on above what an earlier one
     * streamed, as an exchange's ids do: a recorder resuming against it records its trades and sees the stop as a
     * gap of about what the market would have made meanwhile. The past's trade ids end just below the first
     * streamed one. Before the first step only.
     */
    public void seedPast(long seed, long startMs, int days, double stepsPerSecond) {
        long first = firstStreamedTradeId(startMs, days, stepsPerSecond);
        if (days > 0) {
            PastTrades p = new PastTrades(instrument, seed, startMs, days, first - (long) days * 1440 * PastTrades.PER_MINUTE, lotUnit);
            trades.past(p);
        }
        tradeId = first - 1;
        updateId = Math.max(1_000_000, idsByTime(startMs, stepsPerSecond, UPDATES_PER_STEP));
    }

    /** Where trade and update ids count from: 2010-01-01T00:00:00Z. */
    static final long ID_EPOCH_MS = 1_262_304_000_000L;
    /** Binance update ids a step makes at most on average (a quote or trade change, and the depth kept). */
    static final double UPDATES_PER_STEP = 3;
    /** Trades a step makes on average: one step in six is a trade. */
    static final double TRADES_PER_STEP = 1.0 / 6;

    /** The first streamed trade's id for a start at {@code startMs}. */
    static long firstStreamedTradeId(long startMs, int days, double stepsPerSecond) {
        long past = Math.max(0, days) * 1440L * PastTrades.PER_MINUTE;
        return Math.max(10_001 + past, idsByTime(startMs, stepsPerSecond, TRADES_PER_STEP));
    }

    /** Ids made from {@link #ID_EPOCH_MS} to {@code startMs} at twice {@code perStep} ids a step. */
    private static long idsByTime(long startMs, double stepsPerSecond, double perStep) {
        return (long) (Math.max(0, startMs - ID_EPOCH_MS) / 1000.0 * stepsPerSecond * perStep * 2);
    }

    public long updateId() {
        return updateId;
    }

    /**
     * One market event at {@code timeMs}: a trade (about one step in six) or a quote change near the top of the
     * book, sometimes moving the spread. Returns the shared {@link Step} (valid until the next call).
     */
    public Step step(long timeMs) {
        step.clear();
        step.timeMs = timeMs;
        step.firstUpdateId = updateId + 1;
        if (random.nextInt(6) == 0 && !bids.isEmpty() && !asks.isEmpty()) {
            trade(timeMs);
        } else {
            quote();
        }
        keepDepth();
        if (step.changes.isEmpty()) {
            quote();
        }
        step.lastUpdateId = updateId;
        return step;
    }

    private void trade(long timeMs) {
        boolean buy = random.nextBoolean();
        Ladder side = buy ? asks : bids;
        int best = side.best();
        long price = side.price(best);
        long had = side.qty(best);
        long qty = Math.max(lotUnit, had / (1 + random.nextInt(4)));
        qty = Math.min(qty, had);
        long left = had - qty;
        step.trade = new Trade(++tradeId, timeMs, price, qty, buy);
        trades.add(step.trade);
        if (left == 0) {
            side.removeAt(best);
            change(!buy, price, 0, 0);
        } else {
            long count = Math.max(1, side.count(best) - (random.nextInt(3) == 0 ? 1 : 0));
            side.set(best, left, count);
            change(!buy, price, left, (int) count);
        }
    }

    private void quote() {
        boolean bid = random.nextBoolean();
        Ladder side = bid ? bids : asks;
        Ladder other = bid ? asks : bids;
        long t = instrument.tick();
        long best = side.isEmpty() ? instrument.startPrice() : side.price(side.best());
        long otherBest = other.isEmpty() ? (bid ? best + 2 * t : best - 2 * t) : other.price(other.best());
        int r = random.nextInt(100);
        long price;
        if (r < 8 && Math.abs(otherBest - best) > t) {
            price = bid ? best + t : best - t; // improve inside the spread
        } else {
            int depth = (int) Math.min(60, Math.floor(-Math.log(1 - random.nextDouble()) * 6));
            price = bid ? best - depth * t : best + depth * t;
        }
        if (price <= 0 || (bid ? price >= otherBest : price <= otherBest)) {
            return;
        }
        int at = side.find(price);
        if (at >= 0 && random.nextInt(4) == 0 && side.size() > MIN_LEVELS) {
            side.removeAt(at);
            change(bid, price, 0, 0);
        } else if (at >= 0) {
            long q = lot();
            long c = 1 + random.nextInt(8);
            side.set(at, q, c);
            change(bid, price, q, (int) c);
        } else {
            long q = lot();
            int c = 1 + random.nextInt(3);
            side.put(price, q, c);
            change(bid, price, q, c);
        }
    }

    /** Keeps a realistic number of levels: refill the far end, or trim it. */
    private void keepDepth() {
        for (boolean bid : new boolean[] {true, false}) {
            Ladder side = bid ? bids : asks;
            if (side.size() > MAX_LEVELS) {
                long worst = side.price(0);
                side.removeAt(0);
                change(bid, worst, 0, 0);
            } else if (side.size() < MIN_LEVELS && !side.isEmpty()) {
                long worst = side.price(0);
                long px = bid ? worst - instrument.tick() : worst + instrument.tick();
                if (px > 0) {
                    long q = lot();
                    side.put(px, q, 1);
                    change(bid, px, q, 1);
                }
            }
        }
    }

    private void change(boolean bid, long price, long qty, int count) {
        updateId++;
        step.changes.add(new Change(bid, price, qty, count));
    }

    /** The best {@code n} levels of a side, best first: {price, qty, count} each. */
    public List<long[]> levels(boolean bid, int n) {
        Ladder side = bid ? bids : asks;
        List<long[]> out = new ArrayList<>(Math.min(n, 512));
        for (int i = side.best(); i >= 0 && out.size() < n; i--) {
            out.add(new long[] {side.price(i), side.qty(i), side.count(i)});
        }
        return out;
    }

    public int depth(boolean bid) {
        return (bid ? bids : asks).size();
    }

    /** Is there a level at this price (deletes versus levels pushed out of a view)? */
    public boolean has(boolean bid, long price) {
        return (bid ? bids : asks).find(price) >= 0;
    }

    /** Trades streamed so far (oldest first, bounded), for REST history. */
    public TradeLog trades() {
        return trades;
    }

    public long lastTradeId() {
        return tradeId;
    }

    Ladder side(boolean bid) {
        return bid ? bids : asks;
    }
}
