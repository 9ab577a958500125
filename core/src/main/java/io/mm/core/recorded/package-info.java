/**
 * What the recorder left for a symbol, read as {@code bin/mm combine} and the metrics read it: the day directories,
 * events and gaps rows ({@code RecordedSymbol}), when it provably listened to the trades ({@code Coverage}, from the
 * events ledger), which local candle an interval gets ({@code TrustRule}), and the partial candles of one
 * {@code trades_ws} file with each file's share of overlapping trading-window days ({@code TradeFileCandles}).
 * Day files still being written are read up to their last complete gzip member.
 */
package io.mm.core.recorded;
