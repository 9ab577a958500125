/**
 * What every exchange's engine shares: the {@code BookSyncEngine} contract the keyed operator (live) and the replay
 * validator (batch) both drive, {@code ChecksumSyncEngine} for exchanges without sequence ids, the sync state
 * machine with its epochs and transitions ({@code SyncStateMachine}, {@code SyncState}, {@code StateTransition}),
 * what an engine did with an input ({@code SyncOutcome}) and the bounded window of recent updates
 * ({@code UpdateRing}).
 */
package io.mm.core.sync;
