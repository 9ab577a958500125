/**
 * Candles from REST trades over a long range, one interval at a time ({@code TradeCandles}, over core's
 * {@code candle.CandleBuilder}), the REST trade row {@code HistoryTrade} and exchange numbers as plain decimal text
 * ({@code Decimals}). The exchanges' clients, the commands and the combine job are in the packages below.
 */
package io.mm.history;
