package io.mm.core.sync;

/**
 * One change of {@link SyncState}, for the ledger's {@code state_change} events.
 *
 * @param from   the state before
 * @param to     the state after
 * @param reason why, in words a reader of the ledger understands
 * @param epoch  the epoch after the change (a change into RESYNCING starts a new one)
 */
public record StateTransition(SyncState from, SyncState to, String reason, int epoch) {}
