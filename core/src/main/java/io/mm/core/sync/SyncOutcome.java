package io.mm.core.sync;

/** What an engine did with one input. */
public enum SyncOutcome {
    /** Held until a snapshot arrives. */
    BUFFERED,
    /** Already contained in the book (Binance {@code u <= lastUpdateId} before bridging): dropped, as documented. */
    STALE,
    /** Seen before while synced (Binance {@code u <= local id}): dropped; a fault worth a ledger line, not a loss. */
    DUPLICATE,
    /** Applied while SYNCED: write a book frame. */
    APPLIED,
    /** Applied while SYNCED but the update carried no checksum to verify (Kraken): a frame, flagged. */
    APPLIED_UNVERIFIED,
    /** This input completed the sync: write one book frame. */
    SYNCED,
    /** A snapshot was applied; the exchange's proof is still to come (SYNCING). */
    SNAPSHOT_APPLIED,
    /** Applied while SYNCING (after a snapshot, before its proof): no frame. */
    PENDING,
    /** A checksum-only frame (Bitfinex {@code cs}) matched while SYNCED. */
    VERIFIED,
    /** Binance: the snapshot is older than the buffered stream; fetch another, the buffer is kept. */
    SNAPSHOT_STALE,
    /** A sequence break; the engine is RESYNCING and wants a snapshot. See expected/got. */
    GAP,
    /** The exchange's checksum disagrees; the engine is RESYNCING and wants a snapshot. See expected/got. */
    CHECKSUM_MISMATCH,
    /** A number could not be held; treated like a gap (RESYNCING). */
    REJECTED,
    /** Nothing to do with it in this state (an update before any subscription, a checksum with no book). */
    IGNORED;

    /** True when a book frame row is due for this input. */
    public boolean writesFrame() {
        return this == APPLIED || this == APPLIED_UNVERIFIED || this == SYNCED;
    }

    /** True when the engine now needs a snapshot it does not have. */
    public boolean needsSnapshot() {
        return this == GAP || this == CHECKSUM_MISMATCH || this == REJECTED || this == SNAPSHOT_STALE;
    }
}
