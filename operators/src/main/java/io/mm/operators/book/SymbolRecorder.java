package io.mm.operators.book;

import com.fasterxml.jackson.databind.JsonNode;
import io.mm.core.Exchange;
import io.mm.core.binance.BinanceParser;
import io.mm.core.binance.BinanceSyncEngine;
import io.mm.core.bitfinex.BitfinexChecksumEngine;
import io.mm.core.bitfinex.BitfinexParser;
import io.mm.core.bitfinex.BitfinexRestBookParser;
import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.contract.BookFrameWriter;
import io.mm.core.contract.ByteSink;
import io.mm.core.contract.ContractFile;
import io.mm.core.contract.CsvRows;
import io.mm.core.contract.DayDirectory;
import io.mm.core.contract.FileRecord;
import io.mm.core.contract.NdjsonLines;
import io.mm.core.contract.NumberStyle;
import io.mm.core.contract.SnapshotFiles;
import io.mm.core.contract.SymbolFs;
import io.mm.core.contract.TradeRowWriter;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.FrameKind;
import io.mm.core.feed.FrameParser;
import io.mm.core.feed.RawFrame;
import io.mm.core.feed.TradeBatch;
import io.mm.core.kraken.KrakenChecksumEngine;
import io.mm.core.kraken.KrakenInstrument;
import io.mm.core.kraken.KrakenParser;
import io.mm.core.kraken.KrakenRestDepthParser;
import io.mm.core.ledger.EventType;
import io.mm.core.ledger.Gap;
import io.mm.core.ledger.GapKind;
import io.mm.core.ledger.LedgerEvent;
import io.mm.core.ledger.SnapshotTag;
import io.mm.core.sync.BookSyncEngine;
import io.mm.core.sync.ChecksumSyncEngine;
import io.mm.core.sync.StateTransition;
import io.mm.core.sync.SyncOutcome;
import io.mm.core.sync.SyncState;
import io.mm.core.sync.SyncStateMachine;
import io.mm.core.window.TradingWindow;
import io.mm.operators.RecorderSettings;
import io.mm.operators.snapshot.SnapshotResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Records one exchange+symbol: parses each frame, runs the exchange's sync engine, and turns what happened
 * into the contract's rows (book frames, trades, diffs, the events ledger, gaps, snapshot files, live lines)
 * for every trading day open at that moment. Lives on the task thread of the keyed operator; its persistent
 * part is {@link #toState()}.
 */
final class SymbolRecorder {
    /** Where rows go. */
    interface Output {
        void emit(FileRecord r);
    }

    private static final int MAX_DAYS = 8;
    private static final Logger LEDGER_LOG = LoggerFactory.getLogger("io.mm.recorder.ledger");
    private static final Logger LOG = LoggerFactory.getLogger(SymbolRecorder.class);

    final Exchange exchange;
    final String symbol;
    final String symbolFs;
    private final RecorderSettings settings;
    private final TradingWindow window;
    private final Output out;
    private final int attempt;

    private final FrameParser parser;
    private final BookSyncEngine engine;
    private final LocalOrderBook book;
    private final BookFrameWriter frameWriter;
    private final TradeRowWriter tradeWriter;
    private NumberStyle style;
    private final ByteSink row = new ByteSink(1024);
    private final LocalOrderBook scratch = new LocalOrderBook(256);
    private SymbolMetrics metrics;

    // persistent (BookState)
    private String runId;
    private long recvSeq;
    private long eventId;
    private int[] openDays = new int[0];
    private int pricePrecision = -1;
    private int qtyPrecision = -1;
    private long lastTradeId = DepthUpdate.NONE;
    private long lastRecvUs;
    private long lastDataRecvUs;

    // transient
    private final int[] dayBuf = new int[MAX_DAYS];
    private final Map<Integer, DayPaths> paths = new HashMap<>();
    private DayPaths lastPaths;
    private boolean recoveryDepthPending;
    /** The latest time the open days were computed for: they never move back (see advanceDays). */
    private long dayClockUs = Long.MIN_VALUE;
    private boolean recoveryTradesPending;
    private long recoveredLastUpdateId = DepthUpdate.NONE;
    private long recoveredLastRecvUs;
    private boolean tradesAfterReconnect;
    private long disconnectedAtUs = DepthUpdate.NONE;
    private SnapshotTag nextSnapshotTag = SnapshotTag.INITIAL;
    private boolean resyncOpen;
    private long resyncStartedUs;
    private boolean snapshotWanted;
    private boolean snapshotInFlight;
    private boolean snapshotAfterFirstBuffered;
    private long snapshotNotBeforeUs;
    private int snapshotFailures;
    private long notSyncedSinceUs = DepthUpdate.NONE;
    /** Restored from a SYNCED checkpoint (Binance): the new stream may continue the book. */
    private boolean checkpointBookUsable;
    /** The book is the checkpointed one until the stream bridges it or breaks away from it. */
    private boolean resumingFromCheckpoint;
    /** After a sequence gap that may have hit the synced book: the recv_seq it happened at, until a checksum proves the book. */
    private long unprovenSinceSeq = DepthUpdate.NONE;
    private boolean syncWarned;
    private boolean crossedWarned;
    private long nextHeartbeatUs = DepthUpdate.NONE;
    long timerAtMillis = Long.MAX_VALUE;
    /** Changed since the operator's last checkpoint (the operator keeps the list). */
    boolean dirty;
    private long hbMessages;
    private long hbBytes;
    private long hbFrames;
    private long hbTrades;
    private long hbGaps;
    private long hbResyncs;

    SymbolRecorder(Exchange exchange, String symbol, RecorderSettings settings, TradingWindow window, Output out, int attempt) {
        this.exchange = exchange;
        this.symbol = symbol;
        this.symbolFs = SymbolFs.of(exchange, symbol);
        this.settings = settings;
        this.window = window;
        this.out = out;
        this.attempt = attempt;
        this.book = new LocalOrderBook(256);
        SyncStateMachine machine = new SyncStateMachine();
        int buffer = Math.max(16, settings.maxBufferedUpdates());
        switch (exchange) {
            case BINANCE -> {
                parser = new BinanceParser();
                engine = new BinanceSyncEngine(book, machine, buffer);
                style = NumberStyle.AS_SENT;
            }
            case KRAKEN -> {
                parser = new KrakenParser();
                engine = new KrakenChecksumEngine(book, machine, settings.krakenDepth(), Math.min(buffer, 4096));
                style = NumberStyle.PLAIN;
            }
            case BITFINEX -> {
                parser = new BitfinexParser();
                engine = new BitfinexChecksumEngine(book, machine, settings.bitfinexLength(), Math.min(buffer, 4096));
                style = NumberStyle.PLAIN;
            }
            default -> throw new IllegalArgumentException("unsupported exchange " + exchange);
        }
        this.frameWriter = new BookFrameWriter(settings.depthLevels(), style);
        this.tradeWriter = new TradeRowWriter(style);
        this.runId = settings.runId();
    }

    void attachMetrics(org.apache.flink.metrics.MetricGroup group) {
        metrics = new SymbolMetrics(group, exchange.id(), symbol, engine);
    }

    BookSyncEngine engine() {
        return engine;
    }

    // ------------------------------------------------------------------ run start, restore, state

    /** A symbol seen for the first time in this run. */
    void startRun(long nowUs) {
        // the run's first days are open before anything is written, so run_start leads their ledgers
        openDays = Arrays.copyOf(dayBuf, window.daysAt(nowUs, dayBuf));
        event(nowUs, EventType.RUN_START, null, Details.of("run_id", runId).put("exchange", exchange.id()).put("symbol", symbol)
                .put("attempt", attempt).put("depth_levels", settings.depthLevels()).put("window", window.toString()), 0);
        for (int d : openDays) {
            windowStart(nowUs, d);
        }
        notSyncedSinceUs = nowUs;
        scheduleHeartbeat(nowUs);
    }

    /** Replay: the recording of one day, {@code day} as YYYYMMDD; nothing else is open. */
    void startReplay(int day) {
        openDays = new int[] {day};
    }

    /** A symbol restored from a checkpoint: the book is stale, the loss until new data arrives is measured. */
    void restore(BookState st, long nowUs) {
        runId = st.runId;
        recvSeq = st.recvSeq;
        eventId = st.eventId;
        openDays = st.openDays.clone();
        pricePrecision = st.pricePrecision;
        qtyPrecision = st.qtyPrecision;
        lastTradeId = st.lastTradeId;
        lastRecvUs = st.lastRecvUs;
        lastDataRecvUs = st.lastDataRecvUs;
        st.restoreBook(book);
        SyncStateMachine m = engine.machine();
        // the machine object is the engine's own: move it to the checkpointed state without transitions
        restoreMachine(m, st.state, st.epoch, st.everSynced);
        if (engine instanceof BinanceSyncEngine s) {
            s.restoreLastUpdateId(st.lastUpdateId);
        }
        if (engine instanceof KrakenChecksumEngine k && pricePrecision >= 0) {
            k.setPrecision(pricePrecision, qtyPrecision);
            setStyle(NumberStyle.fixed(pricePrecision, qtyPrecision));
        }
        recoveryDepthPending = true;
        recoveryTradesPending = true;
        recoveredLastUpdateId = st.lastUpdateId;
        recoveredLastRecvUs = Math.max(st.lastDataRecvUs, st.lastRecvUs);
        advanceDays(nowUs);
        event(nowUs, EventType.RECOVERY, null, Details.of("run_id", runId).put("attempt", attempt)
                .put("restored_recv_seq", st.recvSeq).put("restored_state", st.state.name())
                .put("last_update_id", st.lastUpdateId == DepthUpdate.NONE ? null : st.lastUpdateId)
                .put("last_recv_ts_us", recoveredLastRecvUs).put("last_trade_id", lastTradeId == DepthUpdate.NONE ? null : lastTradeId), 0);
        // Binance's ids can prove that the new stream continues the restored book: no snapshot is needed then
        checkpointBookUsable = engine instanceof BinanceSyncEngine && st.state == SyncState.SYNCED && st.lastUpdateId != DepthUpdate.NONE;
        if (engine.state() != SyncState.CONNECTING) {
            engine.connectionLost("restored from a checkpoint: the stream must continue the book, or the book be resynced");
            transitions(nowUs);
        }
        disconnectedAtUs = recoveredLastRecvUs;
        notSyncedSinceUs = nowUs;
        scheduleHeartbeat(nowUs);
    }

    private static void restoreMachine(SyncStateMachine m, SyncState state, int epoch, boolean everSynced) {
        m.restore(state, epoch, everSynced);
    }

    BookState toState() {
        long luid = engine instanceof BinanceSyncEngine s ? s.lastUpdateId() : DepthUpdate.NONE;
        SyncStateMachine m = engine.machine();
        return new BookState(runId, recvSeq, eventId, openDays.clone(), m.state(), m.epoch(), m.everSynced(), luid, pricePrecision,
                qtyPrecision, lastTradeId, lastRecvUs, lastDataRecvUs, book.priceScale(), book.qtyScale(),
                BookState.Levels.capture(book, Side.BID), BookState.Levels.capture(book, Side.ASK));
    }

    // ------------------------------------------------------------------ inputs

    void onFrame(RawFrame f) {
        long now = f.recvTimeUs();
        advanceDays(now);
        switch (f.type()) {
            case OPEN -> onOpen(f, now);
            case CLOSE -> onClose(f, now, false);
            case ERROR -> onClose(f, now, true);
            case RECONNECT -> event(now, EventType.RECONNECT, null, Details.of("reason", f.text()).put("connection", f.connectionId()), 0);
            case STALL -> onStall(f, now);
            case OVERFLOW -> onDropped(f, now);
            case DATA -> onData(f, now);
            case REST_SNAPSHOT -> onRestBody(f.text(), "recording", true, f.recvSeq(), now);
            case BOOK_SNAPSHOT -> onBookSnapshot(f, now);
            case INPUT_ERROR -> finding(Details.of("kind", "input_error").put("error", f.text()));
            case END_OF_DAY -> finding(Details.of("kind", "end_of_day").put("counts", f.text()));
            case SEQUENCE -> onSequence(f, now);
            case CHECKPOINT_SNAPSHOT -> resumeFromCheckpoint(f.text(), f.recvSeq(), now);
            default -> throw new IllegalStateException("unknown frame type " + f.type());
        }
        lastRecvUs = Math.max(lastRecvUs, now);
    }

    private void onOpen(RawFrame f, long now) {
        if (disconnectedAtUs != DepthUpdate.NONE && !recoveryDepthPending) {
            gap(now, GapKind.DISCONNECT, Long.toString(disconnectedAtUs), Long.toString(now),
                    Details.of("down_ms", (now - disconnectedAtUs) / 1000).put("last_data_recv_ts_us", lastDataRecvUs)
                            .put("connection", f.connectionId()));
            tradesAfterReconnect = true;
        }
        if (engine.machine().everSynced()) {
            nextSnapshotTag = SnapshotTag.RECONNECT;
        }
        event(now, EventType.WS_OPEN, null, Details.of("connection", f.connectionId()).put("attempt", f.connection())
                .put("detail", f.text()), 0);
        disconnectedAtUs = DepthUpdate.NONE;
        if (parser instanceof BitfinexParser b) {
            b.resetConnection();
        }
        if (exchange == Exchange.BINANCE) {
            // the combined-stream URL is the subscription: buffering starts now
            subscribed(now, "stream open");
        }
    }

    private void onClose(RawFrame f, long now, boolean error) {
        event(now, error ? EventType.WS_ERROR : EventType.WS_CLOSE, null, Details.of("reason", f.text())
                .put("connection", f.connectionId()), 0);
        if (engine.state() != SyncState.CONNECTING) {
            engine.connectionLost((error ? "socket error: " : "socket closed: ") + Details.clip(f.text(), 120));
            transitions(now);
            if (notSyncedSinceUs == DepthUpdate.NONE) {
                notSyncedSinceUs = now;
            }
        }
        if (disconnectedAtUs == DepthUpdate.NONE) {
            disconnectedAtUs = Math.max(lastDataRecvUs, lastRecvUs);
        }
        snapshotWanted = false;
    }

    private void onStall(RawFrame f, long now) {
        event(now, EventType.STALL, null, Details.of("detail", f.text()).put("last_data_recv_ts_us", lastDataRecvUs), 0);
        gap(now, GapKind.STALL, Long.toString(lastDataRecvUs), Long.toString(now),
                Details.of("silent_ms", (now - lastDataRecvUs) / 1000).put("detail", f.text()));
    }

    /**
     * Bitfinex's answer to the flags asked for decides what proves a book: checksums (the default), or nothing, in
     * which case the stream's snapshot is the book, unproven, guarded by the connection's sequence numbers if those
     * were granted. Said in the ledger; the source says it on the console.
     */
    private void onGrantedFlags(long now) {
        if (!(engine instanceof BitfinexChecksumEngine b)) {
            return;
        }
        long granted = ((BitfinexParser) parser).grantedFlags();
        boolean checksums = (granted & BitfinexParser.FLAG_CHECKSUM) != 0;
        boolean seq = (granted & BitfinexParser.FLAG_SEQ_ALL) != 0;
        b.checksums(checksums);
        Details d = Details.of("granted_flags", granted).put("asked_flags", BitfinexParser.RECORDER_FLAGS);
        if (!checksums && !seq) {
            event(now, EventType.EXCHANGE_ERROR, null, d.put("error", "neither checksums nor sequence numbers granted: lost messages "
                    + "cannot be detected, book frames are unproven"), 0);
            if (!settings.replay()) {
                LOG.error("{} {}: Bitfinex granted neither checksums nor sequence numbers (flags {}): lost messages cannot be detected",
                        exchange.id(), symbol, granted);
            }
        } else if (!checksums) {
            event(now, EventType.WARNING, null, d.put("warning", "no checksums granted: book frames are unproven, kept by the "
                    + "connection's sequence numbers"), 0);
        } else if (!seq) {
            event(now, EventType.WARNING, null, d.put("warning", "no sequence numbers granted: a lost trades message cannot be detected"), 0);
        }
    }

    /**
     * The connection's sequence numbers broke (Bitfinex): a gap row and event, whatever the books say, since a lost
     * trades message shows nowhere else. After a hole or a book message out of place, a synced book is unproven
     * until its next checksum agrees (a {@code book_proven} event) or disagrees (a resync).
     */
    private void onSequence(RawFrame f, long now) {
        if (settings.replay() && f.recvSeq() > recvSeq) {
            // the live run had processed inputs the replay does not see (trades, heartbeats) when this was reported
            recvSeq = f.recvSeq();
        }
        JsonNode d;
        try {
            d = Details.JSON.readTree(f.text());
        } catch (java.io.IOException e) {
            event(now, EventType.WARNING, null, Details.of("warning", "unreadable sequence report").put("detail", Details.clip(f.text(), 200)), 0);
            return;
        }
        String issue = d.path("issue").asText("hole");
        if (issue.equals("dropped")) {
            connectionLoss(now, d.path("lost_messages").asLong(), d.path("cause").asText(), f.connectionId());
            return;
        }
        long expected = d.path("expected").asLong();
        long got = d.path("got").asLong();
        boolean hole = issue.equals("hole");
        Details det = Details.of("issue", issue).put("scope", "connection").put("expected", expected).put("got", got)
                .put("connection", f.connectionId());
        if (hole) {
            det.put("lost_messages", got - expected).put("trades", "possibly incomplete").put("since_recv_ts_us", lastDataRecvUs)
                    .put("until_recv_ts_us", now);
        } else {
            det.put("channel", d.path("channel").asText()).put("dropped", d.path("dropped").asBoolean());
        }
        sequenceGap(now, det, Long.toString(expected), Long.toString(got), hole || "book".equals(d.path("channel").asText()));
    }

    /**
     * Frames of this symbol's connection the source's hand-off queue had to drop: any symbol of the connection may
     * have lost a book update or a trade, so each gets a {@code sequence} row (issue {@code dropped}), as for a hole.
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
        connectionLoss(now, lost, text, f.connectionId());
    }

    private void connectionLoss(long now, long lost, String cause, String connectionId) {
        Details det = Details.of("issue", "dropped").put("scope", "connection").put("lost_messages", lost).put("cause", cause)
                .put("connection", connectionId).put("trades", "possibly incomplete").put("since_recv_ts_us", lastDataRecvUs)
                .put("until_recv_ts_us", now);
        sequenceGap(now, det, "", "", true);
    }

    private void sequenceGap(long now, Details det, String expected, String got, boolean bookHit) {
        countGap();
        event(now, EventType.GAP, null, det, 0);
        gap(now, GapKind.SEQUENCE, expected, got, det);
        if (bookHit && engine.isSynced() && engine instanceof ChecksumSyncEngine c && c.checksums()) {
            unprovenSinceSeq = recvSeq;
        }
    }

    private void subscribed(long now, String reason) {
        SyncState before = engine.state();
        engine.subscribed(reason);
        transitions(now);
        if (before != engine.state() && engine.state() == SyncState.RESYNCING) {
            startResync(now, false);
        }
        if (checkpointBookUsable && !settings.replay()) {
            checkpointBookUsable = false;
            long luid = ((BinanceSyncEngine) engine).lastUpdateId();
            resumeFromCheckpoint(new String(SnapshotFiles.dayOpenJson(exchange, symbol, book, luid, DepthUpdate.NONE, pricePrecision,
                    qtyPrecision), StandardCharsets.UTF_8), -1, now);
            return;
        }
        if (exchange == Exchange.BINANCE && !settings.replay()) {
            // documented order: buffer, note the first U, then fetch the snapshot
            snapshotAfterFirstBuffered = true;
        }
    }

    /**
     * After a restore, the checkpointed book as an out-of-band snapshot with its last update id (a snapshot row of
     * source {@code checkpoint}, tag {@code recovery}, so a replay takes it too): if the new stream's first update
     * bridges it, recording continues without a REST snapshot; if not, updates were lost while the recorder was
     * away (its {@code recovery} gap row already counts them) and the book resyncs.
     */
    private void resumeFromCheckpoint(String json, long recordedSeq, long now) {
        BinanceParser p = (BinanceParser) parser;
        if (p.parseRestSnapshot(json, symbol) != FrameKind.DEPTH_SNAPSHOT) {
            finding(Details.of("kind", "input_error").put("error", "checkpoint snapshot unreadable: " + p.error()));
            return;
        }
        DepthUpdate u = p.depth();
        long seq = recordedSeq >= 0 ? (recvSeq = recordedSeq) : ++recvSeq;
        SnapshotEvent ev = snapshotEvent();
        SyncOutcome o = engine.onSnapshot(u, true);
        writeSnapshot(ev, now, seq, SnapshotTag.RECOVERY, u, json.getBytes(StandardCharsets.UTF_8), "checkpoint", null);
        resumingFromCheckpoint = true;
        afterOutcome(o, seq, now, u);
    }

    private void onData(RawFrame f, long now) {
        FrameKind kind = parser.parse(f.text());
        if (kind == FrameKind.MALFORMED && settings.replay() && parser instanceof BitfinexParser b && isChannelData(f.text())) {
            // a recording holds book frames without their subscribed event: their channel is this symbol's book
            b.registerChannel(leadingChanId(f.text()), BitfinexParser.BOOK, symbol);
            kind = parser.parse(f.text());
        }
        lastDataRecvUs = now;
        if (metrics != null) {
            metrics.messages.inc();
            metrics.bytes.inc(f.text().length());
        }
        hbMessages++;
        hbBytes += f.text().length();
        if (parser.symbol() != null && !parser.symbol().equals(symbol) && kind != FrameKind.MALFORMED) {
            event(now, EventType.WARNING, null, Details.of("warning", "frame for " + parser.symbol() + " routed to " + symbol)
                    .put("frame", Details.clip(f.text(), 200)), 0);
            return;
        }
        switch (kind) {
            case DEPTH_UPDATE, CHECKSUM -> onDepth(f, parser.depth(), now);
            case DEPTH_SNAPSHOT -> onWsSnapshot(f, parser.depth(), now);
            case TRADES -> onTrades(f, parser.trades(), now);
            case SUBSCRIBED -> {
                String channel = parser.control().channel;
                event(now, EventType.SUBSCRIBED, null, Details.of("channel", channel).put("depth", parser.control().depth == 0
                        ? null : parser.control().depth).put("chan_id", parser.control().chanId == Long.MIN_VALUE ? null
                        : parser.control().chanId), 0);
                if ("book".equals(channel)) {
                    subscribed(now, "subscribed to the book");
                }
            }
            case INSTRUMENT -> onInstrument(now);
            case CONF -> {
                event(now, EventType.EXCHANGE_INFO, null, Details.of("kind", "conf").put("flags",
                        parser.control().flags == Long.MIN_VALUE ? null : parser.control().flags).put("status", parser.control().status), 0);
                onGrantedFlags(now);
            }
            case INFO, STATUS, SERVER_SHUTDOWN -> event(now, EventType.EXCHANGE_INFO, null,
                    Details.of("kind", kind.name().toLowerCase(java.util.Locale.ROOT)).put("code", parser.control().code == Long.MIN_VALUE
                            ? null : parser.control().code).put("status", parser.control().status).put("frame", Details.clip(f.text(), 300)), 0);
            case ERROR -> event(now, EventType.EXCHANGE_ERROR, null, Details.of("error", parser.error())
                    .put("frame", Details.clip(f.text(), 300)), 0);
            case MALFORMED -> {
                event(now, EventType.MALFORMED, null, Details.of("error", parser.error()).put("frame", Details.clip(f.text(), 300)), 0);
                if (settings.replay()) {
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

    private static boolean isChannelData(String text) {
        return text.startsWith("[") && text.length() > 1 && Character.isDigit(text.charAt(1));
    }

    private static long leadingChanId(String text) {
        int end = 1;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        return Long.parseLong(text.substring(1, end));
    }

    /**
     * Replay: a snapshot the recorder wrote from its own verified book (day_open). A day replayed on its own
     * resumes from it; if the replay is already synced, the two books must agree.
     */
    private void onBookSnapshot(RawFrame f, long now) {
        DepthUpdate u;
        if (exchange == Exchange.BINANCE) {
            BinanceParser p = (BinanceParser) parser;
            u = p.parseRestSnapshot(f.text(), symbol) == FrameKind.DEPTH_SNAPSHOT ? p.depth() : null;
        } else {
            if (parser instanceof BitfinexParser b) {
                b.registerChannel(0, BitfinexParser.BOOK, symbol);
            }
            u = parser.parse(f.text()) == FrameKind.DEPTH_SNAPSHOT ? parser.depth() : null;
        }
        if (u == null) {
            finding(Details.of("kind", "input_error").put("error", "day_open snapshot unreadable: " + parser.error()));
            return;
        }
        if (engine.isSynced()) {
            scratch.clear();
            u.applyTo(scratch);
            if (engine instanceof ChecksumSyncEngine c) {
                scratch.truncate(c.depth());
            }
            if (!scratch.sameLevels(book)) {
                finding(Details.of("kind", "day_open_mismatch").put("recv_seq", recvSeq)
                        .put("detail", "the replayed book differs from the recorded day_open snapshot"));
            }
            return;
        }
        engine.adoptSynced(u, f.connection());
        engine.machine().clearTransitions();
        notSyncedSinceUs = DepthUpdate.NONE;
    }

    /** Replay: something the validator must report. */
    private void finding(Details d) {
        for (int day : openDays) {
            out.emit(new FileRecord(paths(day).dir, FileRecord.FINDING, d.json().getBytes(StandardCharsets.UTF_8)));
        }
    }

    private void onInstrument(long now) {
        for (KrakenInstrument i : ((KrakenParser) parser).instruments()) {
            if (i.symbol().equals(symbol)) {
                if (i.pricePrecision() != pricePrecision || i.qtyPrecision() != qtyPrecision) {
                    pricePrecision = i.pricePrecision();
                    qtyPrecision = i.qtyPrecision();
                    ((KrakenChecksumEngine) engine).setPrecision(pricePrecision, qtyPrecision);
                    setStyle(NumberStyle.fixed(pricePrecision, qtyPrecision));
                    event(now, EventType.EXCHANGE_INFO, null, Details.of("kind", "instrument").put("price_precision", pricePrecision)
                            .put("qty_precision", qtyPrecision).put("status", i.status()), 0);
                }
                return;
            }
        }
    }

    private void setStyle(NumberStyle s) {
        style = s;
        frameWriter.setStyle(s);
        tradeWriter.setStyle(s);
    }

    private void onDepth(RawFrame f, DepthUpdate u, long now) {
        long seq = nextSeq(f);
        if (recoveryDepthPending) {
            recoveryGap(u, now);
        }
        if (settings.storeDepthDiffs() || settings.liveStream()) {
            row.reset();
            NdjsonLines.diff(row, seq, now, exchange.id(), symbol, u, style, f.text(), -1);
            byte[] line = row.toByteArray();
            if (settings.storeDepthDiffs()) {
                emitAll(ContractFile.DEPTH_DIFFS, line);
            }
            if (settings.liveStream() && !settings.replay()) {
                row.reset();
                NdjsonLines.diff(row, seq, now, exchange.id(), symbol, u, style, f.text(), attempt);
                emitLive(true, row.toByteArray());
            }
        }
        if (u.eventTimeUs != DepthUpdate.NONE && metrics != null) {
            metrics.latencyUs.update(now - u.eventTimeUs);
        }
        u.recvSeq = seq;
        SyncOutcome o = engine.onUpdate(u);
        afterOutcome(o, seq, now, u);
    }

    private void recoveryGap(DepthUpdate u, long now) {
        recoveryDepthPending = false;
        if (exchange == Exchange.BINANCE && recoveredLastUpdateId != DepthUpdate.NONE && u.firstUpdateId != DepthUpdate.NONE) {
            long expected = recoveredLastUpdateId + 1;
            if (u.firstUpdateId > expected) {
                gap(now, GapKind.RECOVERY, Long.toString(expected), Long.toString(u.firstUpdateId),
                        Details.of("stream", "depth").put("lost_update_ids", u.firstUpdateId - expected)
                                .put("since_recv_ts_us", recoveredLastRecvUs));
            }
        } else {
            gap(now, GapKind.RECOVERY, Long.toString(recoveredLastRecvUs), Long.toString(now),
                    Details.of("stream", "depth").put("lost_ms", (now - recoveredLastRecvUs) / 1000));
        }
    }

    /**
     * After a restore, Kraken and Bitfinex resume with a snapshot (their updates carry no ids): the loss is
     * the time between the last data before the checkpoint and now.
     */
    private void recoveryGapAtSnapshot(long now) {
        if (recoveryDepthPending) {
            recoveryDepthPending = false;
            if (recoveredLastRecvUs <= 0) {
                return; // nothing had arrived before the checkpoint: nothing to lose
            }
            gap(now, GapKind.RECOVERY, Long.toString(recoveredLastRecvUs), Long.toString(now),
                    Details.of("stream", "depth").put("lost_ms", (now - recoveredLastRecvUs) / 1000).put("resumed_by", "snapshot"));
        }
    }

    private long nextSeq(RawFrame f) {
        if (settings.replay() && f.recvSeq() >= 0) {
            recvSeq = f.recvSeq();
        } else {
            recvSeq++;
        }
        return recvSeq;
    }

    private void onWsSnapshot(RawFrame f, DepthUpdate u, long now) {
        long seq = nextSeq(f);
        recoveryGapAtSnapshot(now);
        SnapshotTag tag = resyncOpen && nextSnapshotTag == SnapshotTag.INITIAL ? SnapshotTag.RESYNC : nextSnapshotTag;
        SnapshotEvent ev = snapshotEvent();
        SyncOutcome o = engine.onSnapshot(u, false);
        writeSnapshot(ev, now, seq, tag, u, f.text().getBytes(StandardCharsets.UTF_8), "ws", null);
        afterOutcome(o, seq, now, u);
    }

    /** A REST snapshot answer from the fetcher (live), on the task thread. */
    void onRestSnapshot(SnapshotResponse r, long now) {
        snapshotInFlight = false;
        advanceDays(now);
        if (!r.ok()) {
            snapshotFailures++;
            event(now, EventType.WARNING, null, Details.of("warning", "REST snapshot failed").put("url", r.url())
                    .put("status", r.httpStatus()).put("error", r.error()).put("failures", snapshotFailures)
                    .put("body", Details.clip(r.body(), 200)), 0);
            retrySnapshot(now);
            return;
        }
        onRestBody(r.body(), r.url(), false, -1, now);
    }

    private void onRestBody(String body, String source, boolean replayed, long recordedSeq, long now) {
        if (engine.state() == SyncState.CONNECTING || engine.state() == SyncState.STOPPED || engine.state() == SyncState.SYNCED
                && exchange == Exchange.BINANCE) {
            event(now, EventType.WARNING, null, Details.of("warning", "REST snapshot arrived in state " + engine.state()
                    + " and was not used").put("url", source), 0);
            return;
        }
        DepthUpdate u;
        String error;
        switch (exchange) {
            case BINANCE -> {
                BinanceParser p = (BinanceParser) parser;
                FrameKind k = p.parseRestSnapshot(body, symbol);
                u = k == FrameKind.DEPTH_SNAPSHOT ? p.depth() : null;
                error = p.error();
            }
            case KRAKEN -> {
                KrakenRestDepthParser p = new KrakenRestDepthParser();
                u = p.parse(body, symbol) ? p.depth() : null;
                error = p.error();
            }
            default -> {
                BitfinexRestBookParser p = new BitfinexRestBookParser();
                u = p.parse(body, symbol) ? p.depth() : null;
                error = p.error();
            }
        }
        if (u == null) {
            snapshotFailures++;
            event(now, EventType.EXCHANGE_ERROR, null, Details.of("error", "REST snapshot unusable: " + error).put("url", source)
                    .put("body", Details.clip(body, 200)), 0);
            if (!replayed) {
                retrySnapshot(now);
            }
            return;
        }
        long seq = replayed && recordedSeq >= 0 ? (recvSeq = recordedSeq) : ++recvSeq;
        recoveryGapAtSnapshot(now);
        SnapshotTag tag = resyncOpen ? (nextSnapshotTag == SnapshotTag.RECONNECT ? SnapshotTag.RECONNECT : SnapshotTag.RESYNC)
                : nextSnapshotTag;
        SnapshotEvent ev = snapshotEvent();
        SyncOutcome o = engine.onSnapshot(u, true);
        writeSnapshot(ev, now, seq, tag, u, body.getBytes(StandardCharsets.UTF_8), "rest", source);
        if (o != SyncOutcome.SNAPSHOT_STALE) {
            snapshotFailures = 0;
        }
        afterOutcome(o, seq, now, u);
    }

    /** A snapshot's ledger row as it stood before the engine took the snapshot: its id, the state and epoch then. */
    private record SnapshotEvent(long id, SyncState state, int epoch) {}

    private SnapshotEvent snapshotEvent() {
        return new SnapshotEvent(++eventId, engine.state(), engine.machine().epoch());
    }

    /**
     * The snapshot's files and ledger row, written after the engine took it so that the row can say which recorded
     * updates it re-applied over the snapshot ({@code details.reapplied}): with them a reader rebuilds the book.
     */
    private void writeSnapshot(SnapshotEvent ev, long now, long seq, SnapshotTag tag, DepthUpdate u, byte[] json, String source, String url) {
        long id = ev.id();
        scratch.clear();
        u.applyTo(scratch);
        int depth = engine instanceof ChecksumSyncEngine c ? c.depth() : 0;
        if (depth > 0) {
            scratch.truncate(depth);
        }
        byte[] csv = SnapshotFiles.csv(scratch, style, u.lastUpdateId, u.hasChecksum ? u.checksum : DepthUpdate.NONE);
        String t = tag.csvName();
        for (int d : openDays) {
            DayPaths p = paths(d);
            out.emit(new FileRecord(p.snapshotCsv(id, t), FileRecord.WHOLE_FILE, csv));
            out.emit(new FileRecord(p.snapshotJson(id, t), FileRecord.WHOLE_FILE, json));
        }
        Details d = Details.of("source", source).put("url", url).put("last_update_id", u.lastUpdateId == DepthUpdate.NONE ? null
                : u.lastUpdateId).put("checksum", u.hasChecksum ? u.checksum : null)
                .put("bids", scratch.depth(Side.BID)).put("asks", scratch.depth(Side.ASK))
                .put("price_precision", pricePrecision >= 0 ? pricePrecision : null)
                .put("qty_precision", qtyPrecision >= 0 ? qtyPrecision : null);
        if (engine.reapplied() > 0) {
            d.put("reapplied_updates", engine.reapplied()).put("reapplied_first_recv_seq", engine.reappliedFirstSeq())
                    .put("reapplied_last_recv_seq", engine.reappliedLastSeq());
        }
        emitEvent(new LedgerEvent(id, now, seq, runId, ev.epoch(), EventType.SNAPSHOT, ev.state(), t, d.json()), 0);
        nextSnapshotTag = SnapshotTag.RESYNC;
    }

    private void onTrades(RawFrame f, TradeBatch t, long now) {
        long seq = nextSeq(f);
        row.reset();
        NdjsonLines.rawTrade(row, seq, now, exchange.id(), symbol, f.text(), -1);
        emitAll(ContractFile.TRADES_RAW, row.toByteArray());
        if (settings.liveStream() && !settings.replay()) {
            row.reset();
            NdjsonLines.rawTrade(row, seq, now, exchange.id(), symbol, f.text(), attempt);
            emitLive(false, row.toByteArray());
        }
        int n = t.size();
        int[] order = tradeOrder(t);
        for (int k = 0; k < n; k++) {
            int i = order == null ? k : order[k];
            long id = t.tradeId(i);
            if (t.snapshot && lastTradeId == DepthUpdate.NONE) {
                continue; // trades from before this run started
            }
            if (lastTradeId != DepthUpdate.NONE && id <= lastTradeId) {
                continue; // seen already (Bitfinex tu, a snapshot after reconnect)
            }
            if ((recoveryTradesPending || tradesAfterReconnect) && lastTradeId != DepthUpdate.NONE && contiguousTradeIds()
                    && id > lastTradeId + 1) {
                gap(now, recoveryTradesPending ? GapKind.RECOVERY : GapKind.DISCONNECT, Long.toString(lastTradeId + 1),
                        Long.toString(id), Details.of("stream", "trades").put("lost_trades", id - lastTradeId - 1));
            }
            recoveryTradesPending = false;
            tradesAfterReconnect = false;
            row.reset();
            tradeWriter.write(row, now, seq, t, i);
            emitAll(ContractFile.TRADES, row.toByteArray());
            lastTradeId = id;
            hbTrades++;
            if (metrics != null) {
                metrics.trades.inc();
            }
        }
    }

    /** Ids of Binance and Kraken trades are consecutive per symbol, so a jump is an exact count of lost trades. */
    private boolean contiguousTradeIds() {
        return exchange == Exchange.BINANCE || exchange == Exchange.KRAKEN;
    }

    /** Trade snapshots may list newest first; apply oldest first. */
    private static int[] tradeOrder(TradeBatch t) {
        if (t.size() < 2) {
            return null;
        }
        boolean ascending = true;
        for (int i = 1; i < t.size(); i++) {
            if (t.tradeId(i) < t.tradeId(i - 1)) {
                ascending = false;
                break;
            }
        }
        if (ascending) {
            return null;
        }
        Integer[] idx = new Integer[t.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Long.compare(t.tradeId(a), t.tradeId(b)));
        int[] o = new int[idx.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = idx[i];
        }
        return o;
    }

    // ------------------------------------------------------------------ outcomes

    private void afterOutcome(SyncOutcome o, long seq, long now, DepthUpdate u) {
        transitions(now);
        if (o.writesFrame()) {
            writeFrame(seq, now, u);
        }
        if (unprovenSinceSeq != DepthUpdate.NONE && u.hasChecksum && (o == SyncOutcome.APPLIED || o == SyncOutcome.VERIFIED)) {
            event(now, EventType.BOOK_PROVEN, null, Details.of("since_recv_seq", unprovenSinceSeq).put("checksum", u.checksum), 0);
            unprovenSinceSeq = DepthUpdate.NONE;
        } else if (!engine.isSynced()) {
            unprovenSinceSeq = DepthUpdate.NONE; // a resync proves the next book instead
        }
        switch (o) {
            case SYNCED -> {
                resumingFromCheckpoint = false;
                if (resyncOpen) {
                    resyncOpen = false;
                    event(now, EventType.RESYNC_DONE, null, Details.of("epoch", engine.machine().epoch())
                            .put("took_ms", (now - resyncStartedUs) / 1000), 0);
                }
                notSyncedSinceUs = DepthUpdate.NONE;
                syncWarned = false;
                crossedWarned = false;
                snapshotWanted = false;
                snapshotFailures = 0;
            }
            case GAP -> {
                if (resumingFromCheckpoint) {
                    // the updates lost while the recorder was away: the recovery gap row counts them already
                    resumingFromCheckpoint = false;
                    startResync(now, true);
                    break;
                }
                countGap();
                event(now, EventType.GAP, null, Details.of("expected", engine.expected()).put("got", engine.got())
                        .put("detail", engine.detail()), 0);
                gap(now, GapKind.SEQUENCE, Long.toString(engine.expected()), Long.toString(engine.got()),
                        Details.of("detail", engine.detail()));
                startResync(now, true);
            }
            case CHECKSUM_MISMATCH -> {
                countGap();
                event(now, EventType.CHECKSUM_MISMATCH, null, Details.of("expected", engine.expected()).put("got", engine.got())
                        .put("detail", engine.detail()), 0);
                gap(now, GapKind.CHECKSUM, Long.toString(engine.expected()), Long.toString(engine.got()),
                        Details.of("detail", engine.detail()));
                startResync(now, true);
            }
            case REJECTED -> {
                event(now, EventType.WARNING, null, Details.of("warning", engine.detail()), 0);
                startResync(now, true);
            }
            case DUPLICATE -> event(now, EventType.DUPLICATE, null, Details.of("detail", engine.detail()), 0);
            case SNAPSHOT_STALE -> {
                event(now, EventType.WARNING, null, Details.of("warning", engine.detail()), 0);
                retrySnapshot(now);
            }
            case BUFFERED -> {
                if (snapshotAfterFirstBuffered) {
                    snapshotAfterFirstBuffered = false;
                    requestSnapshot(now);
                }
            }
            default -> {
            }
        }
        if (engine.isSynced() && book.isCrossed() && !crossedWarned) {
            crossedWarned = true;
            event(now, EventType.WARNING, null, Details.of("warning", "crossed book").put("best_bid", book.price(Side.BID, 0))
                    .put("best_ask", book.price(Side.ASK, 0)), 0);
        }
    }

    private void countGap() {
        hbGaps++;
        if (metrics != null) {
            metrics.gaps.inc();
        }
    }

    /** The book needs a snapshot again (its resync epoch and {@code resync_start} came with the state change). */
    private void startResync(long now, boolean fetch) {
        if (notSyncedSinceUs == DepthUpdate.NONE) {
            notSyncedSinceUs = now;
        }
        if (nextSnapshotTag != SnapshotTag.RECONNECT) {
            nextSnapshotTag = SnapshotTag.RESYNC;
        }
        if (fetch) {
            requestSnapshot(now);
        }
    }

    private void requestSnapshot(long now) {
        if (settings.replay()) {
            return; // snapshots come from the recording
        }
        snapshotWanted = true;
        snapshotNotBeforeUs = Math.max(snapshotNotBeforeUs, now);
    }

    private void retrySnapshot(long now) {
        if (settings.replay()) {
            return;
        }
        SyncState st = engine.state();
        if (st == SyncState.SNAPSHOT || st == SyncState.RESYNCING || st == SyncState.SYNCING) {
            long backoff = Math.min(30_000_000L, 250_000L << Math.min(7, snapshotFailures));
            snapshotWanted = true;
            snapshotNotBeforeUs = now + backoff;
        }
    }

    /** True (once) when a REST snapshot should be fetched now; the caller starts the fetch. */
    boolean takeSnapshotRequest(long now) {
        if (!snapshotWanted || snapshotInFlight || now < snapshotNotBeforeUs) {
            return false;
        }
        SyncState st = engine.state();
        if (st == SyncState.CONNECTING || st == SyncState.STOPPED || st == SyncState.SYNCED) {
            snapshotWanted = false;
            return false;
        }
        snapshotWanted = false;
        snapshotInFlight = true;
        return true;
    }

    int snapshotLimit() {
        return switch (exchange) {
            case BINANCE -> settings.snapshotLimit();
            case KRAKEN -> Math.min(500, Math.max(settings.krakenDepth(), 10));
            case BITFINEX -> settings.bitfinexLength();
        };
    }

    /**
     * The engine's state changes into the ledger. Every entry into RESYNCING starts a new epoch, and every epoch after
     * the first opens with a {@code resync_start} row, whatever caused it.
     */
    private void transitions(long now) {
        SyncStateMachine m = engine.machine();
        for (StateTransition t : m.transitions()) {
            emitEvent(new LedgerEvent(++eventId, now, recvSeq, runId, t.epoch(), EventType.STATE_CHANGE, t.to(), "",
                    Details.of("from", t.from().name()).put("to", t.to().name()).put("reason", t.reason()).json()), 0);
            if (t.to() == SyncState.RESYNCING) {
                hbResyncs++;
                if (metrics != null) {
                    metrics.resyncs.inc();
                }
                if (!resyncOpen) {
                    resyncOpen = true;
                    resyncStartedUs = now;
                }
                emitEvent(new LedgerEvent(++eventId, now, recvSeq, runId, t.epoch(), EventType.RESYNC_START, t.to(), "",
                        Details.of("epoch", t.epoch()).put("reason", t.reason()).json()), 0);
            }
        }
        m.clearTransitions();
    }

    private void writeFrame(long seq, long now, DepthUpdate u) {
        row.reset();
        long luid = engine instanceof BinanceSyncEngine s ? s.lastUpdateId() : 0;
        long checksum = exchange == Exchange.BINANCE || !u.hasChecksum ? DepthUpdate.NONE : u.checksum;
        frameWriter.write(row, now, seq, u.eventTimeUs, engine.machine().epoch(), luid, checksum, book);
        emitAll(ContractFile.ORDERBOOK, row.toByteArray());
        hbFrames++;
        if (metrics != null) {
            metrics.frames.inc();
            if (u.eventTimeUs != DepthUpdate.NONE && !settings.replay()) {
                // the exchange's stamp is wall time whatever clock drives the days, so compare with the wall
                metrics.frameLatencyUs.update(System.currentTimeMillis() * 1000 - u.eventTimeUs);
            }
        }
    }

    // ------------------------------------------------------------------ time: days, heartbeats, warnings

    /** Timer-driven work: window boundaries, heartbeats, sync warnings. */
    void onTimer(long now) {
        advanceDays(now);
        if (nextHeartbeatUs != DepthUpdate.NONE && now >= nextHeartbeatUs) {
            event(now, EventType.HEARTBEAT, null, Details.of("state", engine.state().name()).put("messages", hbMessages)
                    .put("bytes", hbBytes).put("frames", hbFrames).put("trades", hbTrades).put("gaps", hbGaps)
                    .put("resyncs", hbResyncs).put("bids", book.depth(Side.BID)).put("asks", book.depth(Side.ASK))
                    .put("buffered", engine.buffered()).put("last_data_age_ms", lastDataRecvUs == 0 ? null
                            : (now - lastDataRecvUs) / 1000), 0);
            hbMessages = hbBytes = hbFrames = hbTrades = hbGaps = hbResyncs = 0;
            scheduleHeartbeat(now);
        }
        if (!syncWarned && notSyncedSinceUs != DepthUpdate.NONE && settings.syncWarnAfterSec() > 0
                && now - notSyncedSinceUs >= settings.syncWarnAfterSec() * 1_000_000L && engine.state() != SyncState.STOPPED) {
            syncWarned = true;
            event(now, EventType.WARNING, null, Details.of("warning", "not synced for " + (now - notSyncedSinceUs) / 1_000_000 + " s")
                    .put("state", engine.state().name()).put("buffered", engine.buffered()), 0);
        }
    }

    private void scheduleHeartbeat(long now) {
        nextHeartbeatUs = settings.heartbeatSec() > 0 && !settings.replay() ? now + settings.heartbeatSec() * 1_000_000L
                : DepthUpdate.NONE;
    }

    /** When {@link #onTimer} next has something to do (microseconds on the recorder clock). */
    long nextWakeUs(long now) {
        long next = window.nextBoundaryUs(now);
        if (nextHeartbeatUs != DepthUpdate.NONE) {
            next = Math.min(next, nextHeartbeatUs);
        }
        if (!syncWarned && notSyncedSinceUs != DepthUpdate.NONE && settings.syncWarnAfterSec() > 0) {
            next = Math.min(next, notSyncedSinceUs + settings.syncWarnAfterSec() * 1_000_000L);
        }
        if (snapshotWanted && !snapshotInFlight) {
            next = Math.min(next, Math.max(now, snapshotNotBeforeUs));
        }
        return next;
    }

    /** Opens and closes trading days as time passes: window events, and a day_open snapshot of a synced book. */
    private void advanceDays(long nowUs) {
        if (settings.replay()) {
            return; // the replayed day is the only day
        }
        // Days only move forward. A frame stamped at the socket can be older than a timer that already fired
        // (the window-start timer at 00:00:00.001 before a frame received at 23:59:59.98 is processed): going
        // back would close the day just opened and open it again with a second day_open, and that day would
        // no longer replay on its own. Rows go to the days open now, whatever their own stamp.
        long now = Math.max(nowUs, dayClockUs);
        dayClockUs = now;
        int n = window.daysAt(now, dayBuf);
        if (n == openDays.length && sameDays(n)) {
            return;
        }
        int[] now1 = Arrays.copyOf(dayBuf, n);
        for (int d : openDays) {
            if (!contains(now1, d)) {
                event(now, EventType.WINDOW_END, null, Details.of("day", d), d);
                paths.remove(d);
                lastPaths = null;
            }
        }
        int[] before = openDays;
        openDays = now1;
        for (int d : now1) {
            if (!contains(before, d)) {
                windowStart(now, d);
                if (engine.isSynced()) {
                    writeDayOpen(now, d);
                }
            }
        }
    }

    private void windowStart(long now, int day) {
        event(now, EventType.WINDOW_START, null, Details.of("day", day).put("window_start_us",
                window.windowStartUs(DayDirectory.fromKey(day))).put("window_end_us", window.windowEndUs(DayDirectory.fromKey(day))), day);
    }

    private boolean sameDays(int n) {
        for (int i = 0; i < n; i++) {
            if (dayBuf[i] != openDays[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /** The synced book as the new day's opening snapshot, so every day directory replays on its own. */
    private void writeDayOpen(long now, int day) {
        long id = ++eventId;
        long luid = engine instanceof BinanceSyncEngine s ? s.lastUpdateId() : DepthUpdate.NONE;
        long checksum = engine instanceof ChecksumSyncEngine c ? c.computeChecksum() : DepthUpdate.NONE;
        byte[] csv = SnapshotFiles.csv(book, style, luid, checksum);
        byte[] json = SnapshotFiles.dayOpenJson(exchange, symbol, book, luid, checksum, pricePrecision, qtyPrecision);
        String t = SnapshotTag.DAY_OPEN.csvName();
        DayPaths p = paths(day);
        out.emit(new FileRecord(p.snapshotCsv(id, t), FileRecord.WHOLE_FILE, csv));
        out.emit(new FileRecord(p.snapshotJson(id, t), FileRecord.WHOLE_FILE, json));
        emitEvent(new LedgerEvent(id, now, recvSeq, runId, engine.machine().epoch(), EventType.SNAPSHOT, engine.state(), t,
                Details.of("source", "book").put("last_update_id", luid == DepthUpdate.NONE ? null : luid)
                        .put("checksum", checksum == DepthUpdate.NONE ? null : checksum).put("bids", book.depth(Side.BID))
                        .put("asks", book.depth(Side.ASK)).put("price_precision", pricePrecision >= 0 ? pricePrecision : null)
                        .put("qty_precision", qtyPrecision >= 0 ? qtyPrecision : null).json()), day);
    }

    /** The end of the run (the job is stopping): the last ledger rows. */
    void stop(long now, String reason) {
        advanceDays(now);
        if (engine.state() != SyncState.STOPPED) {
            engine.stop(reason);
            transitions(now);
        }
        event(now, EventType.RUN_END, null, Details.of("run_id", runId).put("reason", reason).put("recv_seq", recvSeq), 0);
    }

    // ------------------------------------------------------------------ output

    private DayPaths paths(int day) {
        // nearly every record goes to the day of the one before: no boxed key, no map lookup for it
        if (lastPaths != null && lastPaths.day == day) {
            return lastPaths;
        }
        DayPaths p = paths.get(day);
        if (p == null) {
            p = new DayPaths(exchange, symbolFs, day);
            paths.put(day, p);
        }
        lastPaths = p;
        return p;
    }

    private void emitAll(ContractFile f, byte[] data) {
        for (int d : openDays) {
            out.emit(new FileRecord(paths(d).file(f), FileRecord.APPEND, data));
        }
    }

    private void emitLive(boolean diffs, byte[] data) {
        for (int d : openDays) {
            DayPaths p = paths(d);
            out.emit(new FileRecord(diffs ? p.liveDiffs : p.liveTrades, FileRecord.LIVE, data));
        }
    }

    /** A ledger row into every open day (or only {@code onlyDay}). */
    private void event(long now, EventType type, String tag, Details details, int onlyDay) {
        emitEvent(new LedgerEvent(++eventId, now, recvSeq, runId, engine.machine().epoch(), type, engine.state(),
                tag == null ? "" : tag, details.json()), onlyDay);
    }

    private void emitEvent(LedgerEvent e, int onlyDay) {
        if (!settings.replay()) {
            logEvent(e, onlyDay != 0 ? onlyDay : openDays.length > 0 ? openDays[0] : 0);
        }
        byte[] data = CsvRows.eventRow(e).getBytes(StandardCharsets.UTF_8);
        if (onlyDay != 0) {
            out.emit(new FileRecord(paths(onlyDay).file(ContractFile.EVENTS), FileRecord.APPEND, data));
        } else {
            emitAll(ContractFile.EVENTS, data);
        }
    }

    /**
     * The ledger, also as a log: with bin/mm's logging configuration each symbol and day gets its own file,
     * {@code logs/recorder/<exchange>/<SYMBOL_FS>/<YYYY-MM-DD>.log}, as the original recorder wrote.
     */
    private void logEvent(LedgerEvent e, int day) {
        boolean loss = e.type() == EventType.GAP || e.type() == EventType.CHECKSUM_MISMATCH || e.type() == EventType.WARNING
                || e.type() == EventType.MALFORMED || e.type() == EventType.EXCHANGE_ERROR || e.type() == EventType.WS_ERROR;
        if (loss ? !LEDGER_LOG.isWarnEnabled() : !LEDGER_LOG.isInfoEnabled()) {
            return;
        }
        MDC.put("mm.exchange", exchange.id());
        MDC.put("mm.symbol", symbolFs);
        MDC.put("mm.day", day == 0 ? "none" : (day / 10000) + "-" + String.format("%02d-%02d", (day / 100) % 100, day % 100));
        try {
            String msg = "{} state={} epoch={} recv_seq={}{} {}";
            Object[] args = {e.type().csvName(), e.state(), e.epoch(), e.recvSeq(), e.tag().isEmpty() ? "" : " tag=" + e.tag(), e.details()};
            if (loss) {
                LEDGER_LOG.warn(msg, args);
            } else {
                LEDGER_LOG.info(msg, args);
            }
        } finally {
            MDC.remove("mm.exchange");
            MDC.remove("mm.symbol");
            MDC.remove("mm.day");
        }
    }

    private void gap(long now, GapKind kind, String expected, String got, Details details) {
        byte[] data = CsvRows.gapRow(new Gap(now, recvSeq, engine.machine().epoch(), kind, expected, got, details.json()))
                .getBytes(StandardCharsets.UTF_8);
        emitAll(ContractFile.GAPS, data);
    }
}
