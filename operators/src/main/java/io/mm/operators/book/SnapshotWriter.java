package io.mm.operators.book;

import io.mm.core.Exchange;
import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.contract.SnapshotFiles;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.ledger.EventType;
import io.mm.core.ledger.LedgerEvent;
import io.mm.core.ledger.SnapshotTag;
import io.mm.core.sync.BookSyncEngine;
import io.mm.core.sync.SyncState;

/**
 * A symbol's snapshot files ({@code snapshots/<event_id>_<tag>.csv} and {@code .json}) and their {@code snapshot} ledger
 * rows: every snapshot the engine took, as received, and the recorder's own synced book at the start of a day
 * ({@code day_open}) and once every {@code BOOK_SNAPSHOT_INTERVAL_S} ({@code periodic}: where a reader can start
 * without replaying the day from its start). Also which tag the next snapshot gets: {@code initial} until the first,
 * {@code reconnect} after a reconnect of a book that was synced, else {@code resync}.
 */
final class SnapshotWriter {
    /** A snapshot's ledger row as it stood before the engine took the snapshot: its id, the state and epoch then. */
    record Pending(long id, SyncState state, int epoch) {}

    private final Exchange exchange;
    private final String symbol;
    private final ExchangeKit kit;
    private final BookSyncEngine engine;
    private final OpenDays days;
    private final Ledger ledger;
    private final LocalOrderBook scratch = new LocalOrderBook(256);
    private final long periodUs;
    private final long offsetUs;
    private SnapshotTag next = SnapshotTag.INITIAL;
    private long nextPeriodicUs = DepthUpdate.NONE;

    /** {@code periodSec}: a {@code periodic} book snapshot once a period, at the symbol's own point in it (0: none). */
    SnapshotWriter(Exchange exchange, String symbol, ExchangeKit kit, OpenDays days, Ledger ledger, int periodSec) {
        this.exchange = exchange;
        this.symbol = symbol;
        this.kit = kit;
        this.engine = kit.engine;
        this.days = days;
        this.ledger = ledger;
        this.periodUs = periodSec * 1_000_000L;
        // each symbol at its own second of the period: a commit forces new files one by one, so not all at once
        this.offsetUs = periodSec > 0 ? Math.floorMod((exchange.id() + ":" + symbol).hashCode(), periodSec) * 1_000_000L : 0;
    }

    /** The next periodic snapshot: the symbol's own point of the period, after {@code now} (none in a replay). */
    void schedulePeriodic(long now, boolean replay) {
        nextPeriodicUs = periodUs > 0 && !replay ? Math.floorDiv(now - offsetUs, periodUs) * periodUs + periodUs + offsetUs
                : DepthUpdate.NONE;
    }

    /** When due: the synced book as a {@code periodic} snapshot into every open day (none while not synced). */
    void periodic(long now) {
        if (nextPeriodicUs == DepthUpdate.NONE || now < nextPeriodicUs) {
            return;
        }
        if (engine.isSynced()) {
            bookSnapshot(now, SnapshotTag.PERIODIC, 0);
        }
        schedulePeriodic(now, false);
    }

    /** The earlier of {@code next} and the next periodic snapshot. */
    long wakeUs(long next) {
        return nextPeriodicUs == DepthUpdate.NONE ? next : Math.min(next, nextPeriodicUs);
    }

    /** The socket reopened after the book had been synced: the next snapshot is a reconnect's. */
    void reconnected() {
        next = SnapshotTag.RECONNECT;
    }

    /** The book resyncs: the next snapshot is a resync's, unless a reconnect's was due. */
    void resyncing() {
        if (next != SnapshotTag.RECONNECT) {
            next = SnapshotTag.RESYNC;
        }
    }

    /** The tag of an in-stream snapshot, while a resync is open or not. */
    SnapshotTag streamTag(boolean resyncOpen) {
        return resyncOpen && next == SnapshotTag.INITIAL ? SnapshotTag.RESYNC : next;
    }

    /** The tag of a REST snapshot, while a resync is open or not. */
    SnapshotTag restTag(boolean resyncOpen) {
        return resyncOpen ? (next == SnapshotTag.RECONNECT ? SnapshotTag.RECONNECT : SnapshotTag.RESYNC) : next;
    }

    /** Reserves the row's id and notes the state, before the engine takes the snapshot. */
    Pending reserve() {
        return new Pending(ledger.nextEventId(), engine.state(), engine.machine().epoch());
    }

    /**
     * The snapshot's files and ledger row, written after the engine took it so that the row can say which recorded
     * updates it re-applied over the snapshot ({@code details.reapplied}): with them a reader rebuilds the book.
     */
    void write(Pending p, long now, long seq, SnapshotTag tag, DepthUpdate u, byte[] json, String source, String url) {
        levelsOf(u);
        byte[] csv = SnapshotFiles.csv(scratch, kit.style(), u.lastUpdateId, u.hasChecksum ? u.checksum : DepthUpdate.NONE);
        String t = tag.csvName();
        for (int d : days.days()) {
            days.snapshot(d, p.id(), t, csv, json);
        }
        Details d = Details.of("source", source).put("url", url).put("last_update_id", u.lastUpdateId == DepthUpdate.NONE ? null
                : u.lastUpdateId).put("checksum", u.hasChecksum ? u.checksum : null)
                .put("bids", scratch.depth(Side.BID)).put("asks", scratch.depth(Side.ASK));
        precisions(d);
        if (engine.reapplied() > 0) {
            d.put("reapplied_updates", engine.reapplied()).put("reapplied_first_recv_seq", engine.reappliedFirstSeq())
                    .put("reapplied_last_recv_seq", engine.reappliedLastSeq());
        }
        ledger.emit(new LedgerEvent(p.id(), now, seq, ledger.runId(), p.epoch(), EventType.SNAPSHOT, p.state(), t, d.json()), 0);
        next = SnapshotTag.RESYNC;
    }

    /** The synced book as the new day's opening snapshot, so every day directory replays on its own. */
    void dayOpen(long now, int day) {
        bookSnapshot(now, SnapshotTag.DAY_OPEN, day);
    }

    /** The engine's synced book as a snapshot of the recorder's own: into {@code onlyDay}, or every open day when 0. */
    private void bookSnapshot(long now, SnapshotTag tag, int onlyDay) {
        LocalOrderBook book = kit.book;
        long id = ledger.nextEventId();
        long luid = kit.lastUpdateId();
        long checksum = kit.bookChecksum();
        byte[] csv = SnapshotFiles.csv(book, kit.style(), luid, checksum);
        byte[] json = SnapshotFiles.dayOpenJson(exchange, symbol, book, luid, checksum, kit.pricePrecision(), kit.qtyPrecision());
        String t = tag.csvName();
        if (onlyDay != 0) {
            days.snapshot(onlyDay, id, t, csv, json);
        } else {
            for (int d : days.days()) {
                days.snapshot(d, id, t, csv, json);
            }
        }
        Details d = Details.of("source", "book").put("last_update_id", luid == DepthUpdate.NONE ? null : luid)
                .put("checksum", checksum == DepthUpdate.NONE ? null : checksum).put("bids", book.depth(Side.BID))
                .put("asks", book.depth(Side.ASK)).put("depth", kit.cutDepth() > 0 ? kit.cutDepth() : null);
        ledger.emit(new LedgerEvent(id, now, ledger.recvSeq(), ledger.runId(), engine.machine().epoch(), EventType.SNAPSHOT, engine.state(),
                t, precisions(d).json()), onlyDay);
    }

    /** Whether a recorded book snapshot holds the levels of the engine's book (as the engine cuts it). */
    boolean matchesBook(DepthUpdate u) {
        levelsOf(u);
        return scratch.sameLevels(kit.book);
    }

    private void levelsOf(DepthUpdate u) {
        scratch.clear();
        u.applyTo(scratch);
        if (kit.cutDepth() > 0) {
            scratch.truncate(kit.cutDepth());
        }
    }

    private Details precisions(Details d) {
        return d.put("price_precision", kit.pricePrecision() >= 0 ? kit.pricePrecision() : null)
                .put("qty_precision", kit.qtyPrecision() >= 0 ? kit.qtyPrecision() : null);
    }
}
