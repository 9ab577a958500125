package io.mm.operators.book;

import io.mm.core.contract.NumberStyle;
import io.mm.core.feed.FrameParser;
import io.mm.core.sync.ChecksumSyncEngine;

/** The exchanges whose checksums prove the book (Kraken, Bitfinex): the engine cuts the book to the subscribed depth. */
abstract class ChecksumKit extends ExchangeKit {
    private final ChecksumSyncEngine checksums;

    ChecksumKit(FrameParser parser, ChecksumSyncEngine engine, NumberStyle style) {
        super(parser, engine, style);
        this.checksums = engine;
    }

    @Override
    final int cutDepth() {
        return checksums.depth();
    }

    @Override
    final long bookChecksum() {
        return checksums.computeChecksum();
    }

    /** The levels a side the exchange's checksum covers, whatever the subscribed depth. */
    abstract int checksumLevels();

    @Override
    final boolean checksumsProveBook() {
        return checksums.checksums() && checksums.depth() <= checksumLevels();
    }

    @Override
    final boolean checksumsProveTopOnly() {
        return checksums.checksums() && !checksumsProveBook();
    }
}
