/**
 * The candle files' model, shared by {@code bin/mm history}, {@code combine} and the metrics: {@code Candle},
 * {@code Interval} (aligned to the epoch in UTC), {@code CandleBuilder} (a candle from trades in any order, partials
 * merging), the history files' names and columns beside the recordings
 * ({@code HistoryFiles}), and {@code BadInputException} naming the file and line that cannot be used.
 */
package io.mm.core.candle;
