package io.mm.simulator.market;

/**
 * A symbol's past before the simulator started: {@value #PER_MINUTE} trades a minute for a number of days, a
 * pure function of the seed, the symbol and the minute (nothing is stored, any stretch is computed on demand).
 * Prices follow a path whose log is a sum of slow waves and per-minute noise, part of it shared by every
 * symbol (a market factor, weighted per symbol) so that symbols are correlated as real ones are; the path ends at
 * the instrument's start price in the minute the simulator started, so the past joins what it streams. Trade
 * ids are consecutive and end where the streamed ones begin.
 */
public final class PastTrades {
    static final int PER_MINUTE = 2;
    private static final long MINUTE = 60_000;
    private static final int WAVES = 4;

    private final Instrument instrument;
    private final long seed;
    private final long symbolKey;
    private final long firstMinute;
    private final long endMinute;
    private final long firstId;
    private final long lotUnit;
    private final double beta;
    private final double noise;
    private final double[] amp = new double[WAVES];
    private final double[] omega = new double[WAVES];
    private final double[] phase = new double[WAVES];
    private final double endLog;

    /**
     * @param startMs the simulator's start: the past ends with the minute before it
     * @param days    how far back it goes
     * @param firstId the first trade's id
     */
    PastTrades(Instrument instrument, long seed, long startMs, int days, long firstId, long lotUnit) {
        this.instrument = instrument;
        this.seed = seed;
        this.symbolKey = mix(seed ^ ((long) instrument.exchange().ordinal() << 40) ^ instrument.symbol().hashCode());
        this.endMinute = Math.floorDiv(startMs, MINUTE);
        this.firstMinute = endMinute - (long) days * 1440;
        this.firstId = firstId;
        this.lotUnit = lotUnit;
        this.beta = 0.4 + 1.2 * unit(symbolKey, 1);
        this.noise = 0.0004 + 0.0008 * unit(symbolKey, 2);
        for (int k = 0; k < WAVES; k++) {
            // periods from hours to weeks, a few percent at most
            double period = 60 * Math.pow(6, k + unit(symbolKey, 10 + k));
            omega[k] = 2 * Math.PI / period;
            amp[k] = 0.004 * (k + 1) * (0.5 + unit(symbolKey, 20 + k));
            phase[k] = 2 * Math.PI * unit(symbolKey, 30 + k);
        }
        this.endLog = logLevel(endMinute);
    }

    public int size() {
        return (int) ((endMinute - firstMinute) * PER_MINUTE);
    }

    public long firstId() {
        return firstId;
    }

    public long lastId() {
        return firstId + size() - 1;
    }

    public long id(int i) {
        return firstId + i;
    }

    /** Trade times rise within a minute: the first in its first half, the second in its second. */
    public long time(int i) {
        long m = firstMinute + i / PER_MINUTE;
        int k = i % PER_MINUTE;
        long half = MINUTE / PER_MINUTE;
        return m * MINUTE + k * half + (long) (unit(mix(symbolKey ^ m), 40 + k) * (half - 1));
    }

    /** The first trade of a minute between the previous close and this one; the second at the minute's close. */
    public long price(int i) {
        long m = firstMinute + i / PER_MINUTE;
        if (i % PER_MINUTE == PER_MINUTE - 1) {
            return close(m);
        }
        double a = Math.log(close(m - 1));
        double b = Math.log(close(m));
        double w = unit(mix(symbolKey ^ m), 50);
        return ticks(Math.exp(a + (b - a) * w));
    }

    public long qty(int i) {
        long m = firstMinute + i / PER_MINUTE;
        return lotUnit * (1 + (long) (unit(mix(symbolKey ^ m), 60 + i % PER_MINUTE) * 20));
    }

    /** The aggressor bought when the price rose into the trade. */
    public boolean buy(int i) {
        return i == 0 ? unit(symbolKey, 70) < 0.5 : price(i) >= price(i - 1);
    }

    /** The close of minute {@code m} (epoch minutes) in price units; the minute the simulator started closes at its start price. */
    long close(long m) {
        return ticks(instrument.startPrice() * Math.exp(logLevel(m) - endLog));
    }

    private double logLevel(long m) {
        double v = 0;
        for (int k = 0; k < WAVES; k++) {
            v += amp[k] * Math.sin(omega[k] * m + phase[k]);
        }
        return v + noise * (beta * gaussian(mix(seed * 31 + m)) + gaussian(mix(symbolKey ^ (m * 0x9E3779B97F4A7C15L))));
    }

    private long ticks(double price) {
        long t = instrument.tick();
        return Math.max(t, Math.round(price / t) * t);
    }

    private static double gaussian(long h) {
        double u1 = ((h >>> 11) + 1) / (double) (1L << 53);
        double u2 = (mix(h) >>> 11) / (double) (1L << 53);
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static double unit(long key, int salt) {
        return (mix(key + salt * 0x632BE59BD9B4E019L) >>> 11) / (double) (1L << 53);
    }

    /** SplitMix64's finalizer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
