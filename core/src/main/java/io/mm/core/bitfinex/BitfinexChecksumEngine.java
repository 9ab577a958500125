package io.mm.core.bitfinex;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.sync.ChecksumSyncEngine;
import io.mm.core.sync.SyncStateMachine;

/**
 * Bitfinex WS v2 book sync: book messages are applied (count 0 deletes, amount sign picks the side) and the
 * book is cut to the subscribed length; {@code cs} frames (fed as updates without levels) carry the
 * exchange's signed CRC32 of the top 25 levels per side and decide whether the book is right.
 */
public final class BitfinexChecksumEngine extends ChecksumSyncEngine {
    private final BitfinexChecksum checksum = new BitfinexChecksum();

    /**
     * @param length         the subscribed book length (25 for the recorder)
     * @param windowCapacity recent updates kept for a REST resync
     */
    public BitfinexChecksumEngine(LocalOrderBook book, SyncStateMachine machine, int length, int windowCapacity) {
        super(book, machine, length, false, windowCapacity, true, 3);
    }

    public BitfinexChecksumEngine(int length) {
        this(new LocalOrderBook(), new SyncStateMachine(), length, 1024);
    }

    @Override
    public long computeChecksum() {
        return checksum.compute(book);
    }
}
