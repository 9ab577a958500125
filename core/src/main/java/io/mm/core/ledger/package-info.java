/**
 * The events ledger and the gaps file: their rows ({@code LedgerEvent}, {@code Gap}) and kinds ({@code EventType},
 * {@code GapKind}, {@code SnapshotTag}), and {@code LedgerInputs}, which reads back from a ledger what was fed to a
 * symbol's engine besides its diffs, so the replay validator and serving merge them the same way.
 */
package io.mm.core.ledger;
