/**
 * The history combine: the BATCH job that turns recorded {@code trades_ws} files into candles
 * ({@code LocalCandleJob}, {@code PartialCandleFormat}, over core's {@code recorded.TradeFileCandles}), trusted where
 * the recorder provably listened (core's {@code recorded.Coverage} and {@code TrustRule}, from the events ledger),
 * and the merge with the exchange's candles, local where it listened and the exchange's elsewhere
 * ({@code CandleMerger}); {@code Combine} runs it end to end.
 */
package io.mm.history.combine;
