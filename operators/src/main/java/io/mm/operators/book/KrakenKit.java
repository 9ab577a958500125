package io.mm.operators.book;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.contract.NumberStyle;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.kraken.KrakenChecksum;
import io.mm.core.kraken.KrakenChecksumEngine;
import io.mm.core.kraken.KrakenInstrument;
import io.mm.core.kraken.KrakenParser;
import io.mm.core.kraken.KrakenRestDepthParser;
import io.mm.core.sync.SyncStateMachine;

/** Kraken v2: checksums over the book printed with the instrument's precisions, which also fix the files' numbers. */
final class KrakenKit extends ChecksumKit {
    private final KrakenParser kraken;
    private final KrakenChecksumEngine checksums;
    private final int depth;

    KrakenKit(LocalOrderBook book, SyncStateMachine machine, int depth, int window) {
        this(new KrakenParser(), new KrakenChecksumEngine(book, machine, depth, window), depth);
    }

    private KrakenKit(KrakenParser parser, KrakenChecksumEngine engine, int depth) {
        super(parser, engine, NumberStyle.PLAIN);
        this.kraken = parser;
        this.checksums = engine;
        this.depth = depth;
    }

    @Override
    void onPrecision(int price, int qty) {
        checksums.setPrecision(price, qty);
        style(NumberStyle.fixed(price, qty));
    }

    @Override
    DepthUpdate parseRestSnapshot(String body, String symbol) {
        KrakenRestDepthParser p = new KrakenRestDepthParser();
        return p.parse(body, symbol) ? p.depth() : failed(p.error());
    }

    /** Kraken's REST depth takes a count of 1 to 500; the book is cut to the subscribed depth anyway. */
    @Override
    int snapshotLimit() {
        return Math.min(500, Math.max(depth, 10));
    }

    @Override
    int checksumLevels() {
        return KrakenChecksum.LEVELS;
    }


    @Override
    KrakenInstrument instrument(String symbol) {
        for (KrakenInstrument i : kraken.instruments()) {
            if (i.symbol().equals(symbol)) {
                return i;
            }
        }
        return null;
    }
}
