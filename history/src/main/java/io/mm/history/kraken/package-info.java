/**
 * {@code KrakenHistory}: Kraken's OHLC (the 720 most recent candles only) and trades (paged by a nanosecond stamp)
 * over REST, under the shared REST budget.
 */
package io.mm.history.kraken;
