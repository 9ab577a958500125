package io.mm.rest;

import java.io.Serializable;

/**
 * REST budgets: Binance's request weight per minute (its limit is 6000; the default spends 80%), and the
 * minimum spacing of requests per exchange (Kraken and Bitfinex public REST allow about one per second).
 */
public record RestLimits(int binanceWeightPerMinute, long minSpacingMillis, long krakenSpacingMillis, long bitfinexSpacingMillis,
                         long timeoutMillis) implements Serializable {
    public static RestLimits defaults() {
        return new RestLimits(4800, 20, 1000, 1000, 10_000);
    }

    /**
     * Seconds from the start until the last of {@code symbols} Binance books can have its first REST snapshot:
     * their weight in all, spent at the budget's pace (the first budget's worth at once).
     */
    public long binanceColdStartSeconds(int symbols, int snapshotLimit) {
        long total = (long) symbols * RestEndpoints.binanceDepthWeight(snapshotLimit);
        return total <= binanceWeightPerMinute ? 0 : (total - 1) / binanceWeightPerMinute * 60;
    }
}
