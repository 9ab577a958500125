package io.mm.core.kraken;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.sync.ChecksumSyncEngine;
import io.mm.core.sync.SyncStateMachine;

/**
 * Kraken WS v2 book sync: every snapshot and update carries the exchange's CRC32 of its top 10 levels per
 * side, computed from numbers printed with the pair's precisions; after each message the book is cut to
 * the subscribed depth, because Kraken sends no deletes for levels that fall out of it.
 */
public final class KrakenChecksumEngine extends ChecksumSyncEngine {
    private final KrakenChecksum checksum = new KrakenChecksum();
    private int pricePrecision = -1;
    private int qtyPrecision = -1;

    /**
     * @param depth          the subscribed depth (10, 25, 100, 500 or 1000)
     * @param windowCapacity recent updates kept for a REST resync
     */
    public KrakenChecksumEngine(LocalOrderBook book, SyncStateMachine machine, int depth, int windowCapacity) {
        super(book, machine, depth, true, windowCapacity, true, 3);
    }

    public KrakenChecksumEngine(int depth) {
        this(new LocalOrderBook(), new SyncStateMachine(), depth, 1024);
    }

    /** The pair's precisions from the {@code instrument} channel; required before checksums can match. */
    public void setPrecision(int pricePrecision, int qtyPrecision) {
        this.pricePrecision = pricePrecision;
        this.qtyPrecision = qtyPrecision;
    }

    public boolean hasPrecision() {
        return pricePrecision >= 0 && qtyPrecision >= 0;
    }

    public int pricePrecision() {
        return pricePrecision;
    }

    public int qtyPrecision() {
        return qtyPrecision;
    }

    @Override
    public long computeChecksum() {
        if (!hasPrecision()) {
            // without the instrument's precisions the numbers as sent are the best guess
            return checksum.computeAsSent(book);
        }
        return checksum.compute(book, pricePrecision, qtyPrecision);
    }
}
