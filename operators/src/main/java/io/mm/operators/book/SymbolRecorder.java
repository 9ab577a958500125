package io.mm.operators.book;

import io.mm.core.Exchange;
import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.contract.DayDirectory;
import io.mm.core.contract.DayNumbering;
import io.mm.core.contract.FileRecord;
import io.mm.core.contract.SnapshotFiles;
import io.mm.core.contract.SymbolFs;
import io.mm.core.feed.ControlMessage;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.FrameKind;
import io.mm.core.feed.FrameParser;
import io.mm.core.feed.RawFrame;
import io.mm.core.feed.TradeBatch;
import io.mm.core.feed.TradeTracker;
import io.mm.core.kraken.KrakenInstrument;
import io.mm.core.ledger.EventType;
import io.mm.core.ledger.GapKind;
import io.mm.core.ledger.LedgerInputs;
import io.mm.core.ledger.SnapshotTag;
import io.mm.core.sync.BookSyncEngine;
import io.mm.core.sync.ChecksumSyncEngine;
import io.mm.core.sync.SyncOutcome;
import io.mm.core.sync.SyncState;
import io.mm.core.sync.SyncStateMachine;
import io.mm.core.window.TradingWindow;
import io.mm.operators.RecorderSettings;
import io.mm.operators.snapshot.SnapshotResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Records one exchange+symbol: parses each frame, runs the exchange's sync engine, and turns what happened
 * into the contract's rows (book frames, trades, diffs, the events ledger, gaps, snapshot files, live lines)
 * for every trading day open at that moment. Lives on the task thread of the keyed operator; its persistent
 * part is {@link #toState()}.
 *
 * <p>It coordinates: the {@link ExchangeKit} answers every exchange-specific question, the {@link Ledger} numbers
 * inputs and rows, {@link OpenDays} routes rows to the days open and rolls them, {@link SnapshotRequests} decides when a
 * REST snapshot is fetched, the {@link TradeTracker} which trades are new or lost, {@link Recovery} what a restart or a
 * disconnect lost, {@link SnapshotWriter}, {@link DataRows}, {@link Resyncs} and {@link BookProof} write their rows, and
 * {@link Telemetry} counts. Live exchange messages and a replay's {@link RecordedInputs} reach the same typed handlers.
 *
 * <p>What is left here is the order of those steps for each kind of input, which is the recorder's contract (which
 * {@code recv_seq} and {@code event_id} a row gets, and whether the snapshot row or the state change comes first): it is
 * kept in one class, over 500 lines, so that order reads top to bottom rather than across the collaborators.
 */
final class SymbolRecorder implements RecordedInputs.Lifecycle {
    /** Where rows go. */
    interface Output {
        void emit(FileRecord r);
    }

    final Exchange exchange;
    final String symbol;
    private final RecorderSettings settings;
    private final boolean replay;
    private final int attempt;

    private final ExchangeKit kit;
    private final FrameParser parser;
    private final BookSyncEngine engine;
    private final LocalOrderBook book;
    private final OpenDays days;
    private final Ledger ledger;
    private final SnapshotRequests snapshots;
    private final TradeTracker trades;
    private final TradeRows tradeRows;
    private final Telemetry telemetry;
    private final DataRows rows;
    private final SnapshotWriter snapshotFiles;
    private final Resyncs resyncs;
    private final BookProof proof;
    private final Recovery recovery;

    // persistent (BookState), besides the collaborators' own
    private long lastRecvUs;
    private long lastDataRecvUs;

    // transient
    private boolean crossedWarned;
    long timerAtMillis = Long.MAX_VALUE;
    /** Changed since the operator's last checkpoint (the operator keeps the list). */
    boolean dirty;

    SymbolRecorder(Exchange exchange, String symbol, RecorderSettings settings, TradingWindow window, Output out, int attempt) {
        this.exchange = exchange;
        this.symbol = symbol;
        this.settings = settings;
        this.replay = settings.replay();
        this.attempt = attempt;
        this.kit = ExchangeKit.of(exchange, settings);
        this.parser = kit.parser;
        this.engine = kit.engine;
        this.book = kit.book;
        String symbolFs = SymbolFs.of(exchange, symbol);
        this.days = new OpenDays(exchange, symbolFs, window, out, replay);
        this.ledger = new Ledger(exchange, symbolFs, days, engine, settings.runId(), replay);
        this.snapshots = new SnapshotRequests(replay);
        this.trades = new TradeTracker(exchange.consecutiveTradeIds());
        this.telemetry = new Telemetry(settings.heartbeatSec(), settings.syncWarnAfterSec());
        this.snapshotFiles = new SnapshotWriter(exchange, symbol, kit, days, ledger, settings.bookSnapshotSec());
        this.recovery = new Recovery(kit.chainedUpdateIds(), ledger);
        this.resyncs = new Resyncs(engine, ledger, telemetry);
        this.proof = new BookProof(exchange.id(), symbol, ledger, telemetry, replay);
        this.rows = new DataRows(exchange.id(), symbol, settings, days, kit.style(), attempt);
        this.tradeRows = new TradeRows(ledger, rows, telemetry);
    }

    void attachMetrics(org.apache.flink.metrics.MetricGroup group) {
        telemetry.attach(group, exchange.id(), symbol, engine);
    }

    BookSyncEngine engine() {
        return engine;
    }

    // ------------------------------------------------------------------ run start, restore, state

    /**
     * A symbol seen for the first time in this run. {@code earlier} tells what an earlier run already wrote into a day
     * (null: nothing is looked up); the run numbers on above it.
     */
    void startRun(long nowUs, IntFunction<DayNumbering> earlier) {
        // the run's first days are open before anything is written, so run_start leads their ledgers
        int[] open = days.openAt(nowUs);
        DayNumbering before = DayNumbering.NONE;
        if (earlier != null) {
            for (int d : open) {
                before = before.max(earlier.apply(d));
            }
        }
        Details start = Details.of("run_id", ledger.runId()).put("exchange", exchange.id()).put("symbol", symbol)
                .put("attempt", attempt).put("depth_levels", settings.depthLevels()).put("window", days.window().toString());
        if (!before.equals(DayNumbering.NONE)) {
            ledger.continueAfter(before.recvSeq(), before.eventId());
            start.put("continues_recv_seq", before.recvSeq()).put("continues_event_id", before.eventId());
            // the earlier run's book is lost with it: this run's first sync is a resync into the day's next epoch
            continueRun(Math.max(1, before.epoch()));
            if (before.lastTradeId() >= 0) {
                // trades on from the last one written: a snapshot's newer trades are kept, what is missing is a gap
                trades.restore(before.lastTradeId());
                start.put("continues_trade_id", before.lastTradeId());
            }
        }
        ledger.lifecycle(nowUs, EventType.RUN_START, start);
        for (int d : open) {
            windowStart(nowUs, d, false);
        }
        telemetry.notSyncedFrom(nowUs);
        telemetry.scheduleHeartbeat(nowUs, replay);
        snapshotFiles.schedulePeriodic(nowUs, replay);
    }

    /** A run that starts over in a day an earlier run wrote: the engine starts in that run's last epoch, its book lost. */
    void continueRun(int epoch) {
        engine.machine().restore(SyncState.CONNECTING, epoch, true);
    }

    /** Replay: the recording of one day, {@code day} as YYYYMMDD; nothing else is open. */
    void startReplay(int day) {
        days.set(day);
    }

    /** A symbol restored from a checkpoint: the book is stale, the loss until new data arrives is measured. */
    void restore(BookState st, long nowUs) {
        ledger.restore(st.runId, st.recvSeq, st.eventId);
        days.set(st.openDays);
        if (kit.precision(st.pricePrecision, st.qtyPrecision)) {
            styleChanged();
        }
        trades.restore(st.lastTradeId);
        lastRecvUs = st.lastRecvUs;
        lastDataRecvUs = st.lastDataRecvUs;
        st.restoreBook(book);
        // the machine object is the engine's own: move it to the checkpointed state without transitions
        engine.machine().restore(st.state, st.epoch, st.everSynced);
        kit.restoreLastUpdateId(st.lastUpdateId);
        recovery.restored(st.lastUpdateId, Math.max(st.lastDataRecvUs, st.lastRecvUs), st.state == SyncState.SYNCED);
        // the days the checkpoint had open take the restore first: one whose window ended meanwhile shows where its run
        // stopped before it closes, and a day that opens now gets no day_open of a book that is not proven current
        int[] before = days.days().clone();
        if (before.length > 0) {
            ledger.event(nowUs, EventType.RECOVERY, recoveryDetails(st));
        }
        if (engine.state() != SyncState.CONNECTING) {
            engine.connectionLost("restored from a checkpoint: the stream must continue the book, or the book be resynced");
            resyncs.transitions(nowUs);
        }
        days.advance(nowUs, roll);
        if (days.days().length == 0) {
            ledger.lifecycle(nowUs, EventType.RECOVERY, recoveryDetails(st));
        }
        for (int d : days.days()) {
            if (Arrays.stream(before).noneMatch(b -> b == d)) {
                ledger.event(nowUs, EventType.RECOVERY, null, recoveryDetails(st), d);
            }
        }
        telemetry.notSyncedFrom(nowUs);
        telemetry.scheduleHeartbeat(nowUs, replay);
        snapshotFiles.schedulePeriodic(nowUs, replay);
    }

    private Details recoveryDetails(BookState st) {
        return Details.of("run_id", ledger.runId()).put("attempt", attempt).put("restored_recv_seq", st.recvSeq)
                .put("restored_state", st.state.name()).put("ever_synced", st.everSynced)
                .put("last_update_id", st.lastUpdateId == DepthUpdate.NONE ? null : st.lastUpdateId).put("last_recv_ts_us", recovery.restoredRecvUs())
                .put("last_trade_id", st.lastTradeId == DepthUpdate.NONE ? null : st.lastTradeId);
    }

    BookState toState() {
        SyncStateMachine m = engine.machine();
        return new BookState(ledger.runId(), ledger.recvSeq(), ledger.eventId(), days.toState(), m.state(), m.epoch(), m.everSynced(),
                kit.lastUpdateId(), kit.pricePrecision(), kit.qtyPrecision(), trades.lastTradeId(), lastRecvUs, lastDataRecvUs,
                book.priceScale(), book.qtyScale(), BookState.Levels.capture(book, Side.BID), BookState.Levels.capture(book, Side.ASK));
    }

    // ------------------------------------------------------------------ inputs

    void onFrame(RawFrame f) {
        long now = f.recvTimeUs();
        days.advance(now, roll);
        switch (f.type()) {
            case OPEN -> onOpen(f, now);
            case CLOSE -> onClose(f, now, false);
            case ERROR -> onClose(f, now, true);
            case RECOVERY -> onRecovered(f, now);
            case WINDOW_START -> onDayOpened(f, now);
            case RECONNECT -> ledger.event(now, EventType.RECONNECT, Details.of("reason", f.text()).put("connection", f.connectionId()));
            case HANDOVER -> ledger.event(now, EventType.WS_HANDOVER, Details.of("connection", f.connectionId()).put("attempt", f.connection())
                    .put("detail", f.text()));
            case STALL -> onStall(f, now);
            case OVERFLOW -> onDropped(f, now);
            case DATA -> onData(f, now);
            case REST_SNAPSHOT -> onRestBody(f.text(), "recording", true, f.recvSeq(), now);
            case BOOK_SNAPSHOT -> onBookSnapshot(f, now);
            case INPUT_ERROR -> finding(Details.of("kind", "input_error").put("error", f.text()));
            case END_OF_DAY -> finding(Details.of("kind", "end_of_day").put("counts", f.text()));
            case SEQUENCE -> onSequence(f, now);
            case CHECKPOINT_SNAPSHOT -> resumeFromCheckpoint(f.text(), f.recvSeq(), now);
            case SUBSCRIBED, INSTRUMENT, GRANTED_FLAGS -> onLifecycle(f, now);
            default -> throw new IllegalStateException("unknown frame type " + f.type());
        }
        lastRecvUs = Math.max(lastRecvUs, now);
    }

    private void onOpen(RawFrame f, long now) {
        if (recovery.opened(now, lastDataRecvUs, f.connectionId())) {
            trades.reconnected();
        }
        if (engine.machine().everSynced()) {
            snapshotFiles.reconnected();
        }
        ledger.lifecycle(now, EventType.WS_OPEN, Details.of("connection", f.connectionId()).put("attempt", f.connection())
                .put("detail", f.text()));
        kit.connectionOpened();
        if (kit.subscribedOnOpen()) {
            subscribed(now, "stream open");
        }
    }

    private void onClose(RawFrame f, long now, boolean error) {
        ledger.socketClosed();
        ledger.event(now, error ? EventType.WS_ERROR : EventType.WS_CLOSE, Details.of("reason", f.text()).put("connection", f.connectionId()));
        if (engine.state() != SyncState.CONNECTING) {
            engine.connectionLost((error ? "socket error: " : "socket closed: ") + Details.clip(f.text(), 120));
            resyncs.transitions(now);
            telemetry.notSynced(now);
        }
        recovery.disconnected(Math.max(lastDataRecvUs, lastRecvUs));
        snapshots.cancel();
    }

    /** Replay: the live run resumed here from a checkpoint, its socket lost, its engine in that run's epoch (also at a day's top). */
    private void onRecovered(RawFrame f, long now) {
        onClose(f, now, false);
        LedgerInputs.resumeRecovered(engine, f);
    }

    /**
     * Replay: a day opened here while the live run's book was not synced: the engine takes the row's state, epoch and
     * history (it has seen nothing of the day yet), then does what the live run did at that moment.
     */
    private void onDayOpened(RawFrame f, long now) {
        if (LedgerInputs.DayOpen.of(f, engine.machine().everSynced()).applyTo(engine, f.connection())) {
            resynced(now);
        }
    }

    /** A resync the engine started on its own (its transitions written, a snapshot asked for). */
    private void resynced(long now) {
        resyncs.transitions(now);
        startResync(now, true);
    }

    private void onStall(RawFrame f, long now) {
        ledger.event(now, EventType.STALL, Details.of("detail", f.text()).put("last_data_recv_ts_us", lastDataRecvUs));
        ledger.gap(now, GapKind.STALL, Long.toString(lastDataRecvUs), Long.toString(now),
                Details.of("silent_ms", (now - lastDataRecvUs) / 1000).put("detail", f.text()));
    }

    private void onData(RawFrame f, long now) {
        FrameKind kind = replay ? kit.parseRecorded(f.text(), symbol) : parser.parse(f.text());
        lastDataRecvUs = now;
        telemetry.message(f.text().length());
        if (parser.symbol() != null && !parser.symbol().equals(symbol) && kind != FrameKind.MALFORMED) {
            ledger.event(now, EventType.WARNING, Details.of("warning", "frame for " + parser.symbol() + " routed to " + symbol)
                    .put("frame", Details.clip(f.text(), 200)));
            return;
        }
        switch (kind) {
            case DEPTH_UPDATE, CHECKSUM -> onDepth(f, parser.depth(), now);
            case DEPTH_SNAPSHOT -> onWsSnapshot(f, parser.depth(), now);
            case TRADES -> onTrades(f, parser.trades(), now);
            case SUBSCRIBED -> subscribed(now, parser.control().channel, parser.control().depth, parser.control().chanId);
            case INSTRUMENT -> {
                KrakenInstrument i = kit.instrument(symbol);
                if (i != null) {
                    instrument(now, i.pricePrecision(), i.qtyPrecision(), i.status());
                }
            }
            case CONF -> conf(now, parser.control().flags, parser.control().status);
            case INFO, STATUS, SERVER_SHUTDOWN -> ledger.event(now, EventType.EXCHANGE_INFO,
                    Details.of("kind", kind.name().toLowerCase(java.util.Locale.ROOT)).put("code", parser.control().code == Long.MIN_VALUE
                            ? null : parser.control().code).put("status", parser.control().status).put("frame", Details.clip(f.text(), 300)));
            case ERROR -> ledger.event(now, EventType.EXCHANGE_ERROR, Details.of("error", parser.error())
                    .put("frame", Details.clip(f.text(), 300)));
            case MALFORMED -> {
                ledger.event(now, EventType.MALFORMED, Details.of("error", parser.error()).put("frame", Details.clip(f.text(), 300)));
                if (replay) {
                    // a recorded diff the recorder's own parser cannot read: the recording was damaged
                    finding(Details.of("kind", "input_error").put("error", "recv_seq " + f.recvSeq() + ": malformed frame: "
                            + parser.error()));
                }
            }
            default -> {
                // heartbeats, pongs, conf acks, streams we do not record
            }
        }
    }

    /** A typed lifecycle input (a replay's from the ledger, Kraken's instruments from the source): a message received now. */
    private void onLifecycle(RawFrame f, long now) {
        lastDataRecvUs = now;
        telemetry.message(f.text().length());
        String problem = RecordedInputs.take(f, now, kit, symbol, this);
        if (problem != null) {
            finding(Details.of("kind", "input_error").put("error", problem));
        }
    }

    /** The exchange acknowledged a subscription (live: its message; replay: the ledger's row of it). */
    @Override
    public void subscribed(long now, String channel, int depth, long chanId) {
        ledger.event(now, EventType.SUBSCRIBED, Details.of("channel", channel).put("depth", depth == 0 ? null : depth)
                .put("chan_id", chanId == ControlMessage.NONE ? null : chanId));
        if ("book".equals(channel)) {
            if (replay && engine instanceof ChecksumSyncEngine c) {
                c.subscribedDepth(depth); // a day whose runs subscribed at other depths than this replay's settings say
            }
            subscribed(now, "subscribed to the book");
        }
    }

    /** The instrument's precisions (Kraken), which fix the book's checksum text and the files' numbers. */
    @Override
    public void instrument(long now, int pricePrecision, int qtyPrecision, String status) {
        if (kit.precision(pricePrecision, qtyPrecision)) {
            styleChanged();
            ledger.event(now, EventType.EXCHANGE_INFO, Details.of("kind", "instrument").put("price_precision", pricePrecision)
                    .put("qty_precision", qtyPrecision).put("status", status));
        }
    }

    /** The server's answer to the flags asked for (Bitfinex's conf), which decides what proves the book. */
    @Override
    public void conf(long now, long flags, String status) {
        ledger.event(now, EventType.EXCHANGE_INFO, Details.of("kind", "conf").put("flags", flags == ControlMessage.NONE ? null : flags)
                .put("status", status));
        ExchangeKit.GrantedFlags g = kit.granted(flags, status);
        if (g != null) {
            proof.granted(g, now);
        }
    }

    private void styleChanged() {
        rows.style(kit.style());
    }

    /**
     * Frames of this symbol's connection the source's hand-off queue had to drop ({@code text}: the count, then why): any
     * symbol of the connection may have lost a book update or a trade, so each gets a sequence gap, as for a hole.
     */
    private void onDropped(RawFrame f, long now) {
        String text = f.text();
        int space = text.indexOf(' ');
        long lost;
        try {
            lost = Long.parseLong(space < 0 ? text : text.substring(0, space));
        } catch (NumberFormatException e) {
            lost = 0; // a count the source did not state: the row still says frames were lost
        }
        boolean synced = engine.isSynced();
        proof.dropped(now, lost, text, f.connectionId(), lastDataRecvUs, synced && kit.checksumsProveBook());
        resyncIfUnprovable(now, synced);
    }

    /** A break of the connection that a checksum cannot prove the whole book over: the book starts again from a snapshot. */
    private void resyncIfUnprovable(long now, boolean synced) {
        if (synced && kit.checksumsProveTopOnly()) {
            engine.forceResync("messages lost, and the exchange's checksum does not cover all " + kit.cutDepth() + " levels of the book");
            resynced(now);
        }
    }

    /** The connection's sequence numbers broke (Bitfinex), or a replay meets frames the source dropped: see {@link BookProof}. */
    private void onSequence(RawFrame f, long now) {
        ledger.catchUp(f.recvSeq());
        boolean synced = engine.isSynced();
        proof.broken(f.text(), now, f.connectionId(), lastDataRecvUs, synced && kit.checksumsProveBook());
        resyncIfUnprovable(now, synced);
    }

    private void subscribed(long now, String reason) {
        SyncState before = engine.state();
        engine.subscribed(reason);
        resyncs.transitions(now);
        if (before != engine.state() && engine.state() == SyncState.RESYNCING) {
            startResync(now, false);
        }
        if (recovery.takeCheckpointBook()) {
            resumeFromCheckpoint(new String(SnapshotFiles.dayOpenJson(exchange, symbol, book, kit.lastUpdateId(), DepthUpdate.NONE,
                    kit.pricePrecision(), kit.qtyPrecision()), StandardCharsets.UTF_8), -1, now);
            return;
        }
        if (kit.chainedUpdateIds()) {
            snapshots.afterFirstBuffered();
        }
    }

    /**
     * After a restore, the checkpointed book as an out-of-band snapshot with its last update id (a snapshot row of
     * source {@code checkpoint}, tag {@code recovery}, so a replay takes it too): if the new stream's first update
     * bridges it, recording continues without a REST snapshot; if not, updates were lost while the recorder was
     * away (its {@code recovery} gap row already counts them) and the book resyncs.
     */
    private void resumeFromCheckpoint(String json, long recordedSeq, long now) {
        DepthUpdate u = kit.parseRestSnapshot(json, symbol);
        if (u == null) {
            finding(Details.of("kind", "input_error").put("error", "checkpoint snapshot unreadable: " + kit.error()));
            return;
        }
        long seq = ledger.nextSeq(recordedSeq);
        SnapshotWriter.Pending ev = snapshotFiles.reserve();
        SyncOutcome o = engine.onSnapshot(u, true);
        snapshotFiles.write(ev, now, seq, SnapshotTag.RECOVERY, u, json.getBytes(StandardCharsets.UTF_8), "checkpoint", null);
        recovery.resuming();
        afterOutcome(o, seq, now, u);
    }

    /**
     * Replay: a snapshot the recorder wrote from its own verified book ({@code day_open}, {@code periodic}). A day
     * replayed on its own resumes from its day_open; where the replay is synced, the two books must agree.
     */
    private void onBookSnapshot(RawFrame f, long now) {
        DepthUpdate u = kit.parseBookSnapshot(f.text(), symbol);
        if (u == null) {
            finding(Details.of("kind", "input_error").put("error", "book snapshot unreadable: " + kit.error()));
            return;
        }
        if (engine.isSynced()) {
            if (!snapshotFiles.matchesBook(u)) {
                finding(Details.of("kind", "book_snapshot_mismatch").put("recv_seq", ledger.recvSeq())
                        .put("detail", "the replayed book differs from the recorder's own book snapshot"));
            }
            return;
        }
        engine.adoptSynced(u, f.connection());
        engine.machine().clearTransitions();
        telemetry.adopted();
    }

    /** Replay: something the validator must report. */
    private void finding(Details d) {
        days.finding(d.json().getBytes(StandardCharsets.UTF_8));
    }

    private void onDepth(RawFrame f, DepthUpdate u, long now) {
        long seq = ledger.nextSeq(f.recvSeq());
        recovery.update(u, now);
        rows.diff(seq, now, u, kit.style(), f.text());
        telemetry.received(u.eventTimeUs, now);
        u.recvSeq = seq;
        SyncOutcome o = engine.onUpdate(u);
        afterOutcome(o, seq, now, u);
    }

    private void onWsSnapshot(RawFrame f, DepthUpdate u, long now) {
        long seq = ledger.nextSeq(f.recvSeq());
        recovery.snapshot(now);
        SnapshotTag tag = snapshotFiles.streamTag(resyncs.open());
        SnapshotWriter.Pending ev = snapshotFiles.reserve();
        SyncOutcome o = engine.onSnapshot(u, false);
        snapshotFiles.write(ev, now, seq, tag, u, f.text().getBytes(StandardCharsets.UTF_8), "ws", null);
        afterOutcome(o, seq, now, u);
    }

    /** A REST snapshot answer from the fetcher (live), on the task thread. */
    void onRestSnapshot(SnapshotResponse r, long now) {
        days.advance(now, roll);
        boolean predatesDay = snapshots.answered();
        if (!r.ok()) {
            int failures = snapshots.failed();
            ledger.event(now, EventType.WARNING, Details.of("warning", "REST snapshot failed").put("url", r.url())
                    .put("status", r.httpStatus()).put("error", r.error()).put("failures", failures)
                    .put("body", Details.clip(r.body(), 200)));
            snapshots.retry(now, engine.state());
            return;
        }
        if (predatesDay) {
            ledger.event(now, EventType.WARNING, Details.of("warning", "REST snapshot asked for before the newest day opened was not "
                    + "used (that day holds none of the updates received before it): asked again").put("url", r.url()));
            snapshots.retry(now, engine.state());
            return;
        }
        onRestBody(r.body(), r.url(), false, -1, now);
    }

    private void onRestBody(String body, String source, boolean replayed, long recordedSeq, long now) {
        SyncState st = engine.state();
        if (st == SyncState.CONNECTING || st == SyncState.STOPPED || st == SyncState.SYNCED && kit.chainedUpdateIds()) {
            ledger.event(now, EventType.WARNING, Details.of("warning", "REST snapshot arrived in state " + st + " and was not used")
                    .put("url", source));
            return;
        }
        DepthUpdate u = kit.parseRestSnapshot(body, symbol);
        if (u == null) {
            snapshots.failed();
            ledger.event(now, EventType.EXCHANGE_ERROR, Details.of("error", "REST snapshot unusable: " + kit.error()).put("url", source)
                    .put("body", Details.clip(body, 200)));
            if (!replayed) {
                snapshots.retry(now, engine.state());
            }
            return;
        }
        long seq = ledger.nextSeq(replayed ? recordedSeq : -1);
        recovery.snapshot(now);
        SnapshotTag tag = snapshotFiles.restTag(resyncs.open());
        SnapshotWriter.Pending ev = snapshotFiles.reserve();
        SyncOutcome o = engine.onSnapshot(u, true);
        snapshotFiles.write(ev, now, seq, tag, u, body.getBytes(StandardCharsets.UTF_8), "rest", source);
        if (o != SyncOutcome.SNAPSHOT_STALE) {
            snapshots.succeeded();
        }
        afterOutcome(o, seq, now, u);
    }

    private void onTrades(RawFrame f, TradeBatch t, long now) {
        long seq = ledger.nextSeq(f.recvSeq());
        rows.rawTrades(seq, now, f.text());
        tradeRows.accept(trades, t, seq, now);
    }

    // ------------------------------------------------------------------ outcomes

    private void afterOutcome(SyncOutcome o, long seq, long now, DepthUpdate u) {
        resyncs.transitions(now);
        if (o.writesFrame()) {
            writeFrame(seq, now, u);
        }
        proof.outcome(o, u, now, engine.isSynced());
        switch (o) {
            case SYNCED -> {
                recovery.endResuming();
                resyncs.synced(now);
                telemetry.synced();
                crossedWarned = false;
                snapshots.cancel();
                snapshots.succeeded();
            }
            case GAP -> {
                if (recovery.endResuming()) {
                    // the updates lost while the recorder was away: the recovery gap row counts them already
                    startResync(now, true);
                    break;
                }
                lost(now, EventType.GAP, GapKind.SEQUENCE);
            }
            case CHECKSUM_MISMATCH -> lost(now, EventType.CHECKSUM_MISMATCH, GapKind.CHECKSUM);
            case REJECTED -> {
                ledger.event(now, EventType.WARNING, Details.of("warning", engine.detail()));
                startResync(now, true);
            }
            case DUPLICATE -> ledger.event(now, EventType.DUPLICATE, Details.of("detail", engine.detail()));
            case SNAPSHOT_STALE -> {
                ledger.event(now, EventType.WARNING, Details.of("warning", engine.detail()));
                snapshots.retry(now, engine.state());
            }
            case BUFFERED -> snapshots.buffered(now);
            default -> {
            }
        }
        if (engine.isSynced() && book.isCrossed() && !crossedWarned) {
            crossedWarned = true;
            ledger.event(now, EventType.WARNING, Details.of("warning", "crossed book").put("best_bid", book.price(Side.BID, 0))
                    .put("best_ask", book.price(Side.ASK, 0)));
        }
    }

    /** The engine found updates lost (a sequence break or a checksum mismatch): a ledger row, a gap row, a resync. */
    private void lost(long now, EventType type, GapKind kind) {
        telemetry.gap();
        ledger.event(now, type, Details.of("expected", engine.expected()).put("got", engine.got()).put("detail", engine.detail()));
        ledger.gap(now, kind, Long.toString(engine.expected()), Long.toString(engine.got()), Details.of("detail", engine.detail()));
        startResync(now, true);
    }

    /** The book needs a snapshot again (its resync epoch and {@code resync_start} came with the state change). */
    private void startResync(long now, boolean fetch) {
        telemetry.notSynced(now);
        snapshotFiles.resyncing();
        if (fetch) {
            snapshots.request(now);
        }
    }

    /** True (once) when a REST snapshot should be fetched now; the caller starts the fetch. */
    boolean takeSnapshotRequest(long now) {
        return snapshots.take(now, engine.state());
    }

    int snapshotLimit() {
        return kit.snapshotLimit();
    }

    private void writeFrame(long seq, long now, DepthUpdate u) {
        long luid = kit.chainedUpdateIds() ? kit.lastUpdateId() : 0;
        long checksum = !kit.framesCarryChecksums() || !u.hasChecksum ? DepthUpdate.NONE : u.checksum;
        rows.frame(now, seq, u.eventTimeUs, engine.machine().epoch(), luid, checksum, book);
        telemetry.frame(u.eventTimeUs, !replay);
    }

    // ------------------------------------------------------------------ time: days, heartbeats, warnings

    /** Timer-driven work: window boundaries, heartbeats, sync warnings. */
    void onTimer(long now) {
        days.advance(now, roll);
        telemetry.tick(now, engine, ledger, lastDataRecvUs, replay);
        snapshotFiles.periodic(now);
    }

    /** When {@link #onTimer} next has something to do (microseconds on the recorder clock). */
    long nextWakeUs(long now) {
        return snapshots.wakeUs(now, snapshotFiles.wakeUs(telemetry.wakeUs(days.nextBoundaryUs(now))));
    }

    /** Window events, and a day_open snapshot of a synced book into a day that opens. */
    private final OpenDays.Roll roll = new OpenDays.Roll() {
        @Override
        public void closed(long now, int day) {
            ledger.event(now, EventType.WINDOW_END, null, Details.of("day", day), day);
        }

        @Override
        public void opened(long now, int day) {
            ledger.dayOpened(now, day);
            // a book being synced buffered updates that are in no file of a day opening after a pause: it drops them (an
            // unproven one resyncs), so the day rebuilds from its own files; where another day is open, that day holds
            // them and its replay, which cannot be told, keeps them too; a snapshot in flight is asked for again, as the
            // updates that bridge it are not the new day's
            boolean ownUpdatesOnly = days.days().length == 1 && engine.state() != SyncState.CONNECTING && !engine.isSynced();
            windowStart(now, day, ownUpdatesOnly);
            if (engine.isSynced()) {
                snapshotFiles.dayOpen(now, day);
            } else if (!ownUpdatesOnly) {
                snapshots.dayOpened();
            } else if (engine.dayOpened(LedgerInputs.DayOpen.REASON)) {
                resynced(now);
            }
        }
    };

    private void windowStart(long now, int day, boolean ownUpdatesOnly) {
        TradingWindow w = days.window();
        ledger.event(now, EventType.WINDOW_START, null, Details.of("day", day).put("window_start_us",
                w.windowStartUs(DayDirectory.fromKey(day))).put("window_end_us", w.windowEndUs(DayDirectory.fromKey(day)))
                .put("ever_synced", engine.machine().everSynced()).put("depth", kit.cutDepth() > 0 ? kit.cutDepth() : null)
                .put("own_updates_only", ownUpdatesOnly ? true : null), day);
    }

    /** The end of the run (the job is stopping): the last ledger rows. */
    void stop(long now, String reason) {
        days.advance(now, roll);
        if (engine.state() != SyncState.STOPPED) {
            engine.stop(reason);
            resyncs.transitions(now);
        }
        ledger.event(now, EventType.RUN_END, Details.of("run_id", ledger.runId()).put("reason", reason).put("recv_seq", ledger.recvSeq()));
    }
}
