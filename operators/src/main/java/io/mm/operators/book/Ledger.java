package io.mm.operators.book;

import io.mm.core.Exchange;
import io.mm.core.contract.ContractFile;
import io.mm.core.contract.CsvRows;
import io.mm.core.ledger.EventType;
import io.mm.core.ledger.Gap;
import io.mm.core.ledger.GapKind;
import io.mm.core.ledger.LedgerEvent;
import io.mm.core.sync.BookSyncEngine;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A symbol's events ledger and gaps file: the one place that numbers inputs ({@code recv_seq}) and ledger rows
 * ({@code event_id}), stamps rows with the engine's state and epoch, routes them to the open days and logs them. A live
 * recorder numbers its inputs itself; a replay takes each input's number from the recording.
 */
final class Ledger {
    private static final Logger LOG = LoggerFactory.getLogger("io.mm.recorder.ledger");

    private final Exchange exchange;
    private final String symbolFs;
    private final OpenDays days;
    private final BookSyncEngine engine;
    private final boolean replay;
    private String runId;
    private long recvSeq;
    private long eventId;
    // rows naming the run and its socket, met while no trading window was open: they lead the next day that opens
    private EventType heldRunType;
    private Details heldRun;
    private Details heldOpen;

    Ledger(Exchange exchange, String symbolFs, OpenDays days, BookSyncEngine engine, String runId, boolean replay) {
        this.exchange = exchange;
        this.symbolFs = symbolFs;
        this.days = days;
        this.engine = engine;
        this.runId = runId;
        this.replay = replay;
    }

    /** The counters of a checkpoint: the run goes on numbering where it left off. */
    void restore(String runId, long recvSeq, long eventId) {
        this.runId = runId;
        this.recvSeq = recvSeq;
        this.eventId = eventId;
    }

    /** A run without a checkpoint, into days an earlier run wrote: numbers on above what they hold. */
    void continueAfter(long recvSeq, long eventId) {
        this.recvSeq = Math.max(this.recvSeq, recvSeq);
        this.eventId = Math.max(this.eventId, eventId);
    }

    String runId() {
        return runId;
    }

    /** The {@code recv_seq} of the latest input. */
    long recvSeq() {
        return recvSeq;
    }

    long eventId() {
        return eventId;
    }

    /** The next input's {@code recv_seq}: the recording's in a replay ({@code recorded >= 0}), else one more. */
    long nextSeq(long recorded) {
        if (replay && recorded >= 0) {
            recvSeq = recorded;
        } else {
            recvSeq++;
        }
        return recvSeq;
    }

    /** A replay: the live run had processed inputs the replay does not see (trades, heartbeats) by {@code recorded}. */
    void catchUp(long recorded) {
        if (replay && recorded > recvSeq) {
            recvSeq = recorded;
        }
    }

    /** Reserves the next {@code event_id} for a row written later ({@link #emit}). */
    long nextEventId() {
        return ++eventId;
    }

    /** A row stamped with the engine's state and epoch now, into every open day (or only {@code onlyDay}, if not 0). */
    void event(long now, EventType type, String tag, Details details, int onlyDay) {
        emit(new LedgerEvent(++eventId, now, recvSeq, runId, engine.machine().epoch(), type, engine.state(), tag == null ? "" : tag,
                details.json()), onlyDay);
    }

    void event(long now, EventType type, Details details) {
        event(now, type, null, details, 0);
    }

    /**
     * A row that names the run ({@code run_start}, {@code recovery}) or its socket ({@code ws_open}). While no trading
     * window is open it is held, with when it happened ({@code details.started_ts_us}/{@code opened_ts_us}), and
     * written first into the next day that opens: every day names the run and the socket its rows come from.
     */
    void lifecycle(long now, EventType type, Details details) {
        if (replay || days.days().length > 0) {
            event(now, type, details);
        } else if (type == EventType.WS_OPEN) {
            heldOpen = details.put("opened_ts_us", now);
        } else {
            heldRunType = type;
            heldRun = details.put(type == EventType.RUN_START ? "started_ts_us" : "recovered_ts_us", now);
        }
    }

    /** The socket closed: a day that opens later names only a socket open by then. */
    void socketClosed() {
        heldOpen = null;
    }

    /** {@code day} opened at {@code now}: the held rows lead it. */
    void dayOpened(long now, int day) {
        if (heldRun != null) {
            event(now, heldRunType, null, heldRun, day);
            heldRun = null;
        }
        if (heldOpen != null) {
            event(now, EventType.WS_OPEN, null, heldOpen, day);
            heldOpen = null;
        }
    }

    /** A row built by the caller (its id from {@link #nextEventId}). */
    void emit(LedgerEvent e, int onlyDay) {
        if (!replay) {
            log(e, onlyDay != 0 ? onlyDay : days.first());
        }
        byte[] data = CsvRows.eventRow(e).getBytes(StandardCharsets.UTF_8);
        if (onlyDay != 0) {
            days.append(onlyDay, ContractFile.EVENTS, data);
        } else {
            days.appendAll(ContractFile.EVENTS, data);
        }
    }

    /** A gaps row in every open day. */
    void gap(long now, GapKind kind, String expected, String got, Details details) {
        byte[] data = CsvRows.gapRow(new Gap(now, recvSeq, engine.machine().epoch(), kind, expected, got, details.json()))
                .getBytes(StandardCharsets.UTF_8);
        days.appendAll(ContractFile.GAPS, data);
    }

    /**
     * The ledger, also as a log: with bin/mm's logging configuration each symbol and day gets its own file,
     * {@code logs/recorder/<exchange>/<SYMBOL_FS>/<YYYY-MM-DD>.log}, as the original recorder wrote.
     */
    private void log(LedgerEvent e, int day) {
        boolean loss = e.type() == EventType.GAP || e.type() == EventType.CHECKSUM_MISMATCH || e.type() == EventType.WARNING
                || e.type() == EventType.MALFORMED || e.type() == EventType.EXCHANGE_ERROR || e.type() == EventType.WS_ERROR;
        if (loss ? !LOG.isWarnEnabled() : !LOG.isInfoEnabled()) {
            return;
        }
        MDC.put("mm.exchange", exchange.id());
        MDC.put("mm.symbol", symbolFs);
        MDC.put("mm.day", day == 0 ? "none" : (day / 10000) + "-" + String.format("%02d-%02d", (day / 100) % 100, day % 100));
        try {
            String msg = "{} state={} epoch={} recv_seq={}{} {}";
            Object[] args = {e.type().csvName(), e.state(), e.epoch(), e.recvSeq(), e.tag().isEmpty() ? "" : " tag=" + e.tag(), e.details()};
            if (loss) {
                LOG.warn(msg, args);
            } else {
                LOG.info(msg, args);
            }
        } finally {
            MDC.remove("mm.exchange");
            MDC.remove("mm.symbol");
            MDC.remove("mm.day");
        }
    }
}
