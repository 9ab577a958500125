package io.mm.operators.book;

import io.mm.core.Exchange;
import io.mm.core.book.LocalOrderBook;
import io.mm.core.contract.NumberStyle;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.FrameKind;
import io.mm.core.feed.FrameParser;
import io.mm.core.kraken.KrakenInstrument;
import io.mm.core.sync.BookSyncEngine;
import io.mm.core.sync.SyncStateMachine;
import io.mm.operators.RecorderSettings;

/**
 * What differs between exchanges for one symbol's recorder: the frame parser, the sync engine over the symbol's book,
 * the number style of its files, how a REST snapshot body and a {@code day_open} snapshot are read, the REST snapshot's
 * size, and the facts of the protocol the recorder's decisions depend on (ids that chain updates, consecutive trade ids,
 * subscription by URL, granted proofs, instrument precisions). The recorder asks these questions and never branches on
 * the exchange itself.
 */
abstract class ExchangeKit {
    final FrameParser parser;
    final BookSyncEngine engine;
    final LocalOrderBook book;
    private NumberStyle style;
    private int pricePrecision = -1;
    private int qtyPrecision = -1;
    private String error;

    ExchangeKit(FrameParser parser, BookSyncEngine engine, NumberStyle style) {
        this.parser = parser;
        this.engine = engine;
        this.book = engine.book();
        this.style = style;
    }

    /** The kit of {@code exchange}, its engine over a new book sized by the settings. */
    static ExchangeKit of(Exchange exchange, RecorderSettings settings) {
        LocalOrderBook book = new LocalOrderBook(256);
        SyncStateMachine machine = new SyncStateMachine();
        int buffer = Math.max(16, settings.maxBufferedUpdates());
        return switch (exchange) {
            case BINANCE -> new BinanceKit(book, machine, buffer, settings.snapshotLimit());
            case KRAKEN -> new KrakenKit(book, machine, settings.krakenDepth(), Math.min(buffer, 4096));
            case BITFINEX -> new BitfinexKit(book, machine, settings.bitfinexLength(), Math.min(buffer, 4096));
        };
    }

    /** How the symbol's files write numbers, as far as the instrument is known. */
    final NumberStyle style() {
        return style;
    }

    final void style(NumberStyle s) {
        style = s;
    }

    /** The instrument's decimals (Kraken's instrument channel), -1 while unknown or not told. */
    final int pricePrecision() {
        return pricePrecision;
    }

    final int qtyPrecision() {
        return qtyPrecision;
    }

    /** Takes the instrument's decimals; false when they are the ones already held. */
    final boolean precision(int price, int qty) {
        if (price == pricePrecision && qty == qtyPrecision) {
            return false;
        }
        pricePrecision = price;
        qtyPrecision = qty;
        if (price >= 0) {
            onPrecision(price, qty);
        }
        return true;
    }

    /** The engine and style follow the instrument's decimals. */
    void onPrecision(int price, int qty) {
    }

    /** The last parse's problem, for the ledger. */
    final String error() {
        return error;
    }

    final DepthUpdate failed(String why) {
        error = why;
        return null;
    }

    /** A REST depth snapshot body, or null ({@link #error()} says why). */
    abstract DepthUpdate parseRestSnapshot(String body, String symbol);

    /** A snapshot file the recorder wrote from its own book ({@code day_open}), or null ({@link #error()} says why). */
    DepthUpdate parseBookSnapshot(String json, String symbol) {
        return parser.parse(json) == FrameKind.DEPTH_SNAPSHOT ? parser.depth() : failed(parser.error());
    }

    /** A recorded frame (replay): recordings may lack frames that set up the parser's protocol state. */
    FrameKind parseRecorded(String text, String symbol) {
        return parser.parse(text);
    }

    /** Levels a REST snapshot asks for. */
    abstract int snapshotLimit();

    /** The book's last update id when updates are chained by ids (Binance), else {@link DepthUpdate#NONE}. */
    long lastUpdateId() {
        return DepthUpdate.NONE;
    }

    void restoreLastUpdateId(long id) {
    }

    /**
     * Updates carry ids that chain them to a snapshot and to each other (Binance): a restored book can be continued,
     * the ids lost while the recorder was away are counted, a synced book takes no REST snapshot, and the snapshot is
     * fetched once the first update is buffered.
     */
    boolean chainedUpdateIds() {
        return false;
    }

    /** The depth the engine cuts the book to after every input (0: none). */
    int cutDepth() {
        return 0;
    }

    /** The book's own checksum by the exchange's rule, {@link DepthUpdate#NONE} where there is none. */
    long bookChecksum() {
        return DepthUpdate.NONE;
    }

    /** Book frames carry the exchange's checksum of the update. */
    boolean framesCarryChecksums() {
        return true;
    }

    /** Checksums prove the synced book at this moment (a sequence break leaves it unproven until the next one). */
    boolean checksumsProveBook() {
        return false;
    }

    /**
     * Checksums cover only the top of the subscribed depth (Kraken deeper than 10): an update lost below it would never
     * show, so a book that may have lost one is resynced instead of waiting for a checksum to prove it.
     */
    boolean checksumsProveTopOnly() {
        return false;
    }

    /** The stream's URL is the subscription: the book is subscribed once the socket is open. */
    boolean subscribedOnOpen() {
        return false;
    }

    /** A new socket: the parser forgets the old connection's protocol state. */
    void connectionOpened() {
    }

    /** The instrument data of {@code symbol} in the last parsed frame, or null. */
    KrakenInstrument instrument(String symbol) {
        return null;
    }

    /**
     * The server's answer to the flags asked for (Bitfinex's conf: {@code flags}, {@code status}), applied to the parser and
     * the engine; null where no flags are asked for.
     */
    GrantedFlags granted(long flags, String status) {
        return null;
    }

    /** Replay: the book subscription the ledger recorded, with the channel id its frames carry (if the exchange has one). */
    void subscribedBook(long chanId, String symbol) {
    }

    /** The flags a Bitfinex connection asked for and what the server granted. */
    record GrantedFlags(long granted, long asked, boolean checksums, boolean sequence) {}
}
