package io.mm.operators.book;

import io.mm.core.binance.BinanceParser;
import io.mm.core.binance.BinanceSyncEngine;
import io.mm.core.book.LocalOrderBook;
import io.mm.core.contract.NumberStyle;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.FrameKind;
import io.mm.core.sync.SyncStateMachine;

/** Binance Spot: update ids chain the stream to a REST snapshot; numbers are written as sent. */
final class BinanceKit extends ExchangeKit {
    private final BinanceParser binance;
    private final BinanceSyncEngine sync;
    private final int snapshotLimit;

    BinanceKit(LocalOrderBook book, SyncStateMachine machine, int buffer, int snapshotLimit) {
        this(new BinanceParser(), new BinanceSyncEngine(book, machine, buffer), snapshotLimit);
    }

    private BinanceKit(BinanceParser parser, BinanceSyncEngine engine, int snapshotLimit) {
        super(parser, engine, NumberStyle.AS_SENT);
        this.binance = parser;
        this.sync = engine;
        this.snapshotLimit = snapshotLimit;
    }

    @Override
    DepthUpdate parseRestSnapshot(String body, String symbol) {
        return binance.parseRestSnapshot(body, symbol) == FrameKind.DEPTH_SNAPSHOT ? binance.depth() : failed(binance.error());
    }

    /** The recorder writes its own books in the REST snapshot's shape, with their last update id. */
    @Override
    DepthUpdate parseBookSnapshot(String json, String symbol) {
        return parseRestSnapshot(json, symbol);
    }

    @Override
    int snapshotLimit() {
        return snapshotLimit;
    }

    @Override
    long lastUpdateId() {
        return sync.lastUpdateId();
    }

    @Override
    void restoreLastUpdateId(long id) {
        sync.restoreLastUpdateId(id);
    }

    @Override
    boolean chainedUpdateIds() {
        return true;
    }

    @Override
    boolean framesCarryChecksums() {
        return false;
    }


    @Override
    boolean subscribedOnOpen() {
        return true;
    }
}
