/**
 * {@code BinanceHistory}: Binance Spot's klines, aggregate trades and (when asked) historical trades over REST,
 * paged over any range under the shared REST budget.
 */
package io.mm.history.binance;
