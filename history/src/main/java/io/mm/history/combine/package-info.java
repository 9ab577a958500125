/**
 * The history combine: the BATCH job that turns recorded {@code trades_ws} files into candles
 * ({@code LocalCandleJob}, {@code PartialCandleFormat}), when the recorder provably listened ({@code Coverage},
 * from the events ledger), and the merge with the exchange's candles, local where it listened and the exchange's
 * elsewhere ({@code CandleMerger}); {@code Combine} runs it end to end.
 */
package io.mm.history.combine;
