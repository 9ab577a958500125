/**
 * {@code BitfinexHistory}: Bitfinex's candles (OCHL rows) and trades over REST, paged over any range under the
 * shared REST budget.
 */
package io.mm.history.bitfinex;
