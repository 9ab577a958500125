package io.mm.core.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * Guards the legal moves between {@link SyncState}s, counts epochs (1 at start, +1 at every entry into
 * {@link SyncState#RESYNCING}) and records a {@link StateTransition} for every change until drained.
 */
public final class SyncStateMachine {
    private SyncState state;
    private int epoch;
    private boolean everSynced;
    private final List<StateTransition> transitions = new ArrayList<>(4);

    public SyncStateMachine() {
        this(SyncState.CONNECTING, 1, false);
    }

    /** Restores a machine (checkpointed state). */
    public SyncStateMachine(SyncState state, int epoch, boolean everSynced) {
        this.state = state;
        this.epoch = epoch;
        this.everSynced = everSynced;
    }

    /**
     * Puts the machine where a checkpoint (or a trusted day-open snapshot) says it was, without recording a
     * transition: nothing changed in the world, the recorder only resumed.
     */
    public void restore(SyncState state, int epoch, boolean everSynced) {
        this.state = state;
        this.epoch = epoch;
        this.everSynced = everSynced;
        transitions.clear();
    }

    public SyncState state() {
        return state;
    }

    public int epoch() {
        return epoch;
    }

    /** True once the book has been SYNCED in this machine's life (a later loss is then a resync). */
    public boolean everSynced() {
        return everSynced;
    }

    public static boolean legal(SyncState from, SyncState to) {
        if (from == to) {
            return false;
        }
        return switch (to) {
            case CONNECTING, STOPPED -> true;
            case SNAPSHOT -> from == SyncState.CONNECTING;
            case SYNCING -> from == SyncState.SNAPSHOT || from == SyncState.RESYNCING;
            case SYNCED -> from == SyncState.SYNCING;
            case RESYNCING -> from != SyncState.STOPPED;
        };
    }

    /**
     * Moves to {@code next}; a move to the current state does nothing.
     *
     * @return true if the state changed
     * @throws IllegalStateException for a move the state diagram does not have (a bug, not bad input)
     */
    public boolean to(SyncState next, String reason) {
        if (next == state) {
            return false;
        }
        if (!legal(state, next)) {
            throw new IllegalStateException("illegal sync state change " + state + " -> " + next + " (" + reason + ")");
        }
        if (next == SyncState.RESYNCING) {
            epoch++;
        }
        if (next == SyncState.SYNCED) {
            everSynced = true;
        }
        transitions.add(new StateTransition(state, next, reason, epoch));
        state = next;
        return true;
    }

    /** The state to wait for a snapshot in: RESYNCING once synced before, else SNAPSHOT. */
    public SyncState awaitingSnapshotState() {
        return everSynced ? SyncState.RESYNCING : SyncState.SNAPSHOT;
    }

    /** Transitions recorded since the last {@link #clearTransitions()}. */
    public List<StateTransition> transitions() {
        return transitions;
    }

    public void clearTransitions() {
        transitions.clear();
    }
}
