package io.mm.api.book;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.core.binance.BinanceParser;
import io.mm.core.binance.BinanceSyncEngine;
import io.mm.core.bitfinex.BitfinexChecksumEngine;
import io.mm.core.feed.ControlMessage;
import io.mm.core.bitfinex.BitfinexParser;
import io.mm.core.bitfinex.BitfinexRestBookParser;
import io.mm.core.book.LocalOrderBook;
import io.mm.core.contract.NumberStyle;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.FrameKind;
import io.mm.core.feed.FrameParser;
import io.mm.core.feed.RawFrame;
import io.mm.core.kraken.KrakenChecksumEngine;
import io.mm.core.kraken.KrakenParser;
import io.mm.core.kraken.KrakenRestDepthParser;
import io.mm.core.ledger.LedgerInputs;
import io.mm.core.sync.BookSyncEngine;
import io.mm.core.sync.ChecksumSyncEngine;
import io.mm.core.sync.SyncOutcome;
import io.mm.core.sync.SyncState;
import io.mm.core.sync.SyncStateMachine;
import java.util.ArrayList;
import java.util.List;

/**
 * One symbol's book rebuilt from what the recorder wrote, with the recorder's own parser and sync engine fed
 * exactly as the recorder's operator feeds them when it replays a day: recorded diffs (their {@code raw}
 * frames) and the ledger's inputs (snapshots, socket open/close, subscriptions, precisions, conf flags). The
 * outcome of every input is the engine's, so a book frame is due exactly where the recorder wrote one.
 */
final class BookFeed {
    private static final ObjectMapper JSON = new ObjectMapper();
    final Exchange exchange;
    final String symbol;
    private final int maxBuffered;
    private final int krakenDepth;
    private final int bitfinexLength;
    private final FrameParser parser;
    final BookSyncEngine engine;
    final LocalOrderBook book;
    private int pricePrecision = -1;
    private int qtyPrecision = -1;
    /** Inputs that set the protocol state (conf flags, subscriptions, instruments), for copies. */
    private final List<RawFrame> setupInputs = new ArrayList<>();
    /** The last input's recv_seq and receive time, and the last update's exchange time and checksum. */
    long seq = -1;
    long recvTsUs;
    long eventTsUs = DepthUpdate.NONE;
    long checksum = DepthUpdate.NONE;

    BookFeed(Exchange exchange, String symbol, int maxBuffered, int krakenDepth, int bitfinexLength) {
        this.exchange = exchange;
        this.symbol = symbol;
        this.maxBuffered = maxBuffered;
        this.krakenDepth = krakenDepth;
        this.bitfinexLength = bitfinexLength;
        this.book = new LocalOrderBook(256);
        SyncStateMachine machine = new SyncStateMachine();
        int buffer = Math.max(16, maxBuffered);
        switch (exchange) {
            case BINANCE -> {
                parser = new BinanceParser();
                engine = new BinanceSyncEngine(book, machine, buffer);
            }
            case KRAKEN -> {
                parser = new KrakenParser();
                engine = new KrakenChecksumEngine(book, machine, krakenDepth, Math.min(buffer, 4096));
            }
            case BITFINEX -> {
                parser = new BitfinexParser();
                engine = new BitfinexChecksumEngine(book, machine, bitfinexLength, Math.min(buffer, 4096));
            }
            default -> throw new IllegalArgumentException("unsupported exchange " + exchange);
        }
    }

    /** The book of a run that started over ({@link RawFrame.Type#RUN_START}): a new engine, as the recorder's. */
    BookFeed newRun(RawFrame runStart) {
        BookFeed f = new BookFeed(exchange, symbol, maxBuffered, krakenDepth, bitfinexLength);
        if (runStart.isContinuingRun()) {
            f.engine.machine().restore(SyncState.CONNECTING, runStart.connection(), true);
        }
        f.seq = seq;
        return f;
    }

    /**
     * A copy that starts SYNCED on this feed's book, with its parser in the same protocol state. Only the
     * checksum engines' window of recent updates (which a REST resync replays) starts empty.
     */
    BookFeed copySynced() {
        BookFeed c = new BookFeed(exchange, symbol, maxBuffered, krakenDepth, bitfinexLength);
        for (RawFrame f : setupInputs) {
            c.input(f);
        }
        long luid = engine instanceof BinanceSyncEngine s ? s.lastUpdateId() : DepthUpdate.NONE;
        c.engine.adoptSynced(book, luid, engine.machine().epoch());
        c.engine.machine().clearTransitions();
        c.engine.machine().restore(SyncState.SYNCED, engine.machine().epoch(), engine.machine().everSynced());
        c.seq = seq;
        c.recvTsUs = recvTsUs;
        c.eventTsUs = eventTsUs;
        c.checksum = checksum;
        return c;
    }

    /** The style the recorder writes this symbol's numbers in. */
    NumberStyle style() {
        return NumberStyle.of(exchange, pricePrecision, qtyPrecision);
    }

    /** The depth a checksum engine cuts the book to after every update (0: none, Binance). */
    int cutDepth() {
        return engine instanceof ChecksumSyncEngine c ? c.depth() : 0;
    }

    /** Binance's {@code lastUpdateId} of the book, else {@link DepthUpdate#NONE}. */
    long lastUpdateId() {
        return engine instanceof BinanceSyncEngine s ? s.lastUpdateId() : DepthUpdate.NONE;
    }

    /** A recorded diff: the line's {@code raw} frame. */
    SyncOutcome diff(long recvSeq, long recvUs, String raw) {
        seq = recvSeq;
        recvTsUs = recvUs;
        return data(raw, recvSeq, recvUs);
    }

    /** A ledger input ({@link io.mm.core.ledger.LedgerInputs}). */
    SyncOutcome input(RawFrame f) {
        if (f.recvSeq() >= 0) {
            seq = f.recvSeq();
        }
        SyncOutcome o = switch (f.type()) {
            case OPEN -> {
                if (parser instanceof BitfinexParser b) {
                    b.resetConnection();
                    setupInputs.clear();
                }
                if (exchange == Exchange.BINANCE) {
                    engine.subscribed("stream open");
                }
                yield SyncOutcome.IGNORED;
            }
            case CLOSE, ERROR, RECOVERY -> {
                if (engine.state() != SyncState.CONNECTING) {
                    engine.connectionLost(f.text());
                }
                if (f.type() == RawFrame.Type.RECOVERY) {
                    LedgerInputs.resumeRecovered(engine, f);
                }
                yield SyncOutcome.IGNORED;
            }
            case WINDOW_START -> {
                LedgerInputs.DayOpen.of(f, engine.machine().everSynced()).applyTo(engine, f.connection());
                yield SyncOutcome.IGNORED;
            }
            case DATA -> data(f.text(), f.recvSeq(), f.recvTimeUs());
            case REST_SNAPSHOT, CHECKPOINT_SNAPSHOT -> restSnapshot(f.text());
            case BOOK_SNAPSHOT -> bookSnapshot(f.text(), f.connection());
            case SUBSCRIBED, INSTRUMENT, GRANTED_FLAGS -> setup(f);
            default -> SyncOutcome.IGNORED;
        };
        engine.machine().clearTransitions();
        return o;
    }

    /** A lifecycle input the ledger recorded (its row's details), taken as the recorder takes it. */
    private SyncOutcome setup(RawFrame f) {
        JsonNode d;
        try {
            d = JSON.readTree(f.text());
        } catch (java.io.IOException e) {
            return SyncOutcome.IGNORED;
        }
        setupInputs.add(f);
        switch (f.type()) {
            case SUBSCRIBED -> {
                if (parser instanceof BitfinexParser b && d.hasNonNull("chan_id")) {
                    b.registerChannel(d.get("chan_id").asLong(), BitfinexParser.BOOK, symbol);
                }
                if ("book".equals(d.path("channel").asText())) {
                    if (engine instanceof ChecksumSyncEngine c) {
                        c.subscribedDepth(d.path("depth").asInt(0)); // the recorder's, whatever this process's settings say
                    }
                    engine.subscribed("subscribed to the book");
                }
            }
            case INSTRUMENT -> {
                pricePrecision = d.path("price_precision").asInt();
                qtyPrecision = d.path("qty_precision").asInt();
                if (engine instanceof KrakenChecksumEngine k) {
                    k.setPrecision(pricePrecision, qtyPrecision);
                }
            }
            default -> {
                // what the server granted decides what proves the book, as in the recorder
                long flags = d.hasNonNull("flags") ? d.get("flags").asLong() : ControlMessage.NONE;
                String status = d.path("status").asText("");
                if (parser instanceof BitfinexParser bp && flags != ControlMessage.NONE && !"FAILED".equalsIgnoreCase(status)) {
                    bp.setFlags(flags);
                }
                if (engine instanceof BitfinexChecksumEngine b) {
                    b.checksums("OK".equalsIgnoreCase(status) && flags != ControlMessage.NONE && (flags & BitfinexParser.FLAG_CHECKSUM) != 0);
                }
            }
        }
        return SyncOutcome.IGNORED;
    }

    private SyncOutcome data(String text, long recvSeq, long recvUs) {
        FrameKind kind = parser.parse(text);
        long chanId;
        if (kind == FrameKind.MALFORMED && parser instanceof BitfinexParser b && (chanId = BitfinexParser.leadingChannelId(text)) >= 0) {
            // a recording holds book frames without their subscribed event: their channel is this symbol's book
            b.registerChannel(chanId, BitfinexParser.BOOK, symbol);
            kind = parser.parse(text);
        }
        if (parser.symbol() != null && !parser.symbol().equals(symbol) && kind != FrameKind.MALFORMED) {
            return SyncOutcome.IGNORED;
        }
        SyncOutcome o = switch (kind) {
            case DEPTH_UPDATE, CHECKSUM -> update(parser.depth(), recvUs);
            case DEPTH_SNAPSHOT -> {
                DepthUpdate u = parser.depth();
                remember(u, recvUs);
                yield engine.onSnapshot(u, false);
            }
            default -> SyncOutcome.IGNORED; // recorded diffs hold depth frames only
        };
        engine.machine().clearTransitions();
        return o;
    }

    private SyncOutcome update(DepthUpdate u, long recvUs) {
        remember(u, recvUs);
        return engine.onUpdate(u);
    }

    private void remember(DepthUpdate u, long recvUs) {
        recvTsUs = recvUs;
        eventTsUs = u.eventTimeUs;
        checksum = u.hasChecksum ? u.checksum : DepthUpdate.NONE;
    }

    private SyncOutcome restSnapshot(String body) {
        SyncState st = engine.state();
        if (st == SyncState.CONNECTING || st == SyncState.STOPPED || st == SyncState.SYNCED && exchange == Exchange.BINANCE) {
            return SyncOutcome.IGNORED; // the recorder did not use it either
        }
        DepthUpdate u = switch (exchange) {
            case BINANCE -> {
                BinanceParser p = (BinanceParser) parser;
                yield p.parseRestSnapshot(body, symbol) == FrameKind.DEPTH_SNAPSHOT ? p.depth() : null;
            }
            case KRAKEN -> {
                KrakenRestDepthParser p = new KrakenRestDepthParser();
                yield p.parse(body, symbol) ? p.depth() : null;
            }
            case BITFINEX -> {
                BitfinexRestBookParser p = new BitfinexRestBookParser();
                yield p.parse(body, symbol) ? p.depth() : null;
            }
        };
        if (u == null) {
            return SyncOutcome.IGNORED;
        }
        checksum = u.hasChecksum ? u.checksum : DepthUpdate.NONE;
        return engine.onSnapshot(u, true);
    }

    /** A snapshot the recorder wrote from its own synced book: the book resumes from it unless already synced. */
    private SyncOutcome bookSnapshot(String json, int epoch) {
        DepthUpdate u;
        if (exchange == Exchange.BINANCE) {
            BinanceParser p = (BinanceParser) parser;
            u = p.parseRestSnapshot(json, symbol) == FrameKind.DEPTH_SNAPSHOT ? p.depth() : null;
        } else {
            if (parser instanceof BitfinexParser b) {
                b.registerChannel(0, BitfinexParser.BOOK, symbol);
            }
            u = parser.parse(json) == FrameKind.DEPTH_SNAPSHOT ? parser.depth() : null;
        }
        if (u == null || engine.isSynced()) {
            return SyncOutcome.IGNORED;
        }
        engine.adoptSynced(u, epoch);
        engine.machine().clearTransitions();
        return SyncOutcome.SNAPSHOT_APPLIED; // the recorder writes no frame for it: the book it holds is already framed
    }
}
