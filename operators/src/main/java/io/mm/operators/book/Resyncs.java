package io.mm.operators.book;

import io.mm.core.ledger.EventType;
import io.mm.core.ledger.LedgerEvent;
import io.mm.core.sync.BookSyncEngine;
import io.mm.core.sync.StateTransition;
import io.mm.core.sync.SyncState;
import io.mm.core.sync.SyncStateMachine;

/**
 * The engine's state changes into the ledger, and the resyncs they open and close. Every entry into RESYNCING starts a
 * new epoch, and every epoch after the first opens with a {@code resync_start} row, whatever caused it; the first sync
 * after it writes {@code resync_done} with how long the book was away.
 */
final class Resyncs {
    private final SyncStateMachine machine;
    private final Ledger ledger;
    private final Telemetry telemetry;
    private boolean open;
    private long startedUs;

    Resyncs(BookSyncEngine engine, Ledger ledger, Telemetry telemetry) {
        this.machine = engine.machine();
        this.ledger = ledger;
        this.telemetry = telemetry;
    }

    /** A resync started and the book has not synced since. */
    boolean open() {
        return open;
    }

    /** Drains the machine's transitions into {@code state_change} (and {@code resync_start}) rows. */
    void transitions(long now) {
        for (StateTransition t : machine.transitions()) {
            ledger.emit(new LedgerEvent(ledger.nextEventId(), now, ledger.recvSeq(), ledger.runId(), t.epoch(), EventType.STATE_CHANGE, t.to(),
                    "", Details.of("from", t.from().name()).put("to", t.to().name()).put("reason", t.reason()).json()), 0);
            if (t.to() == SyncState.RESYNCING) {
                telemetry.resync();
                if (!open) {
                    open = true;
                    startedUs = now;
                }
                ledger.emit(new LedgerEvent(ledger.nextEventId(), now, ledger.recvSeq(), ledger.runId(), t.epoch(), EventType.RESYNC_START,
                        t.to(), "", Details.of("epoch", t.epoch()).put("reason", t.reason()).json()), 0);
            }
        }
        machine.clearTransitions();
    }

    /** The book synced: the open resync, if any, is done. */
    void synced(long now) {
        if (open) {
            open = false;
            ledger.event(now, EventType.RESYNC_DONE, Details.of("epoch", machine.epoch()).put("took_ms", (now - startedUs) / 1000));
        }
    }
}
