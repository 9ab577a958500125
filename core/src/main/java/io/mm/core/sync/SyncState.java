package io.mm.core.sync;

/**
 * The recorder's per-symbol sync state, as the ledger reports it:
 * {@code CONNECTING -> SNAPSHOT -> SYNCING -> SYNCED}; a gap, checksum mismatch or reconnect after having
 * been synced goes through {@code RESYNCING}; shutdown ends in {@code STOPPED}.
 */
public enum SyncState {
    /** No usable subscription yet (start, or the socket is down). */
    CONNECTING,
    /** Subscribed, waiting for the first snapshot; updates are buffered. */
    SNAPSHOT,
    /** A snapshot is applied; waiting for the exchange's proof (a bridging id or a matching checksum). */
    SYNCING,
    /** The exchange's proof agrees; book frames are written. */
    SYNCED,
    /** Sync was lost; waiting for a new snapshot, updates buffered. Each entry starts a new epoch. */
    RESYNCING,
    /** The run ended. */
    STOPPED
}
