/**
 * Candles from trades, the way the exchanges build them: {@code CandleBuilder} (order-independent, so partial
 * candles merge), {@code TradeCandles} (one interval at a time over a long range), the REST trade row
 * {@code HistoryTrade} and exchange numbers as plain decimal text ({@code Decimals}). The exchanges' clients, the
 * commands and the combine job are in the packages below.
 */
package io.mm.history;
