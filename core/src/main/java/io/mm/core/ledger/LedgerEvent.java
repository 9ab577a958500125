package io.mm.core.ledger;

import io.mm.core.sync.SyncState;

/**
 * One row of {@code events_<SYMBOL_FS>_<YYYYMMDD>.csv.gz}, the authoritative ledger.
 *
 * @param eventId  strictly increasing within the day directory
 * @param tsUs     when it happened, microseconds since the epoch (UTC)
 * @param recvSeq  the {@code recv_seq} of the input that caused it (or the last one processed)
 * @param runId    one job run, stable across checkpoint recoveries of that run
 * @param epoch    the resync epoch
 * @param type     what happened
 * @param state    the sync state after the event
 * @param tag      the snapshot tag for {@code snapshot} events, else empty
 * @param details  a JSON object
 */
public record LedgerEvent(long eventId, long tsUs, long recvSeq, String runId, int epoch, EventType type,
                          SyncState state, String tag, String details) {}
