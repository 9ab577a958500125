/**
 * The keyed book-sync operator ({@code BookSyncOperator}) and its checkpointed state ({@code BookState},
 * {@code BookStateSerializer}). One {@code SymbolRecorder} per symbol orders each input's steps and hands every concept
 * to a class of its own: the exchange's kit ({@code ExchangeKit}), the events ledger ({@code Ledger}), the open trading
 * days ({@code OpenDays}), REST snapshot requests ({@code SnapshotRequests}), trades (core's {@code TradeTracker}, as rows by {@code TradeRows}), recovery
 * gaps ({@code Recovery}), snapshot files ({@code SnapshotWriter}), data rows ({@code DataRows}), resyncs
 * ({@code Resyncs}), proofs ({@code BookProof}), telemetry ({@code Telemetry}) and a replay's typed inputs
 * ({@code RecordedInputs}).
 */
package io.mm.operators.book;
