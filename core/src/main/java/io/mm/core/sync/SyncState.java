package io.mm.core.sync;

import io.mm.core.state.EnumCodes;

/**
 * The recorder's per-symbol sync state, as the ledger reports it:
 * {@code CONNECTING -> SNAPSHOT -> SYNCING -> SYNCED}; a gap, checksum mismatch or reconnect after having
 * been synced goes through {@code RESYNCING}; shutdown ends in {@code STOPPED}. Checkpoints hold a state by its
 * {@link #code()}: a code never changes and is never reused.
 */
public enum SyncState {
    /** No usable subscription yet (start, or the socket is down). */
    CONNECTING(0),
    /** Subscribed, waiting for the first snapshot; updates are buffered. */
    SNAPSHOT(1),
    /** A snapshot is applied; waiting for the exchange's proof (a bridging id or a matching checksum). */
    SYNCING(2),
    /** The exchange's proof agrees; book frames are written. */
    SYNCED(3),
    /** Sync was lost; waiting for a new snapshot, updates buffered. Each entry starts a new epoch. */
    RESYNCING(4),
    /** The run ended. */
    STOPPED(5);

    private static final EnumCodes<SyncState> CODES = EnumCodes.of(SyncState.class, SyncState::code);

    private final byte code;

    SyncState(int code) {
        this.code = (byte) code;
    }

    /** The stable code checkpoints hold. */
    public byte code() {
        return code;
    }

    /** The state of {@code code}; an unknown code fails naming it. */
    public static SyncState ofCode(int code) {
        return CODES.decode(code);
    }
}
