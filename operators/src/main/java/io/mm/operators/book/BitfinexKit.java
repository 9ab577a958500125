package io.mm.operators.book;

import io.mm.core.bitfinex.BitfinexChecksum;
import io.mm.core.bitfinex.BitfinexChecksumEngine;
import io.mm.core.bitfinex.BitfinexParser;
import io.mm.core.bitfinex.BitfinexRestBookParser;
import io.mm.core.book.LocalOrderBook;
import io.mm.core.contract.NumberStyle;
import io.mm.core.feed.ControlMessage;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.FrameKind;
import io.mm.core.sync.SyncStateMachine;

/**
 * Bitfinex v2: channel ids and the conf flags are the connection's protocol state; what the server granted decides
 * whether checksums prove the book. Trade ids are not consecutive per symbol.
 */
final class BitfinexKit extends ChecksumKit {
    private final BitfinexParser bitfinex;
    private final BitfinexChecksumEngine checksums;
    private final int length;

    BitfinexKit(LocalOrderBook book, SyncStateMachine machine, int length, int window) {
        this(new BitfinexParser(), new BitfinexChecksumEngine(book, machine, length, window), length);
    }

    private BitfinexKit(BitfinexParser parser, BitfinexChecksumEngine engine, int length) {
        super(parser, engine, NumberStyle.PLAIN);
        this.bitfinex = parser;
        this.checksums = engine;
        this.length = length;
    }

    @Override
    DepthUpdate parseRestSnapshot(String body, String symbol) {
        BitfinexRestBookParser p = new BitfinexRestBookParser();
        return p.parse(body, symbol) ? p.depth() : failed(p.error());
    }

    /** The recorder writes its own books as a channel-0 book snapshot frame. */
    @Override
    DepthUpdate parseBookSnapshot(String json, String symbol) {
        bitfinex.registerChannel(0, BitfinexParser.BOOK, symbol);
        return super.parseBookSnapshot(json, symbol);
    }

    /** A recording holds book frames without their subscribed event: a frame of an unknown channel is this symbol's book. */
    @Override
    FrameKind parseRecorded(String text, String symbol) {
        FrameKind kind = bitfinex.parse(text);
        long chanId;
        if (kind == FrameKind.MALFORMED && (chanId = BitfinexParser.leadingChannelId(text)) >= 0) {
            bitfinex.registerChannel(chanId, BitfinexParser.BOOK, symbol);
            kind = bitfinex.parse(text);
        }
        return kind;
    }

    @Override
    void subscribedBook(long chanId, String symbol) {
        if (chanId != ControlMessage.NONE) {
            bitfinex.registerChannel(chanId, BitfinexParser.BOOK, symbol);
        }
    }

    @Override
    int snapshotLimit() {
        return length;
    }

    @Override
    int checksumLevels() {
        return BitfinexChecksum.LEVELS;
    }


    @Override
    void connectionOpened() {
        bitfinex.resetConnection();
    }

    /** The parser's own rule: flags in force unless the answer FAILED; granted only when it is OK. */
    @Override
    GrantedFlags granted(long flags, String status) {
        if (flags != ControlMessage.NONE && !"FAILED".equalsIgnoreCase(status)) {
            bitfinex.setFlags(flags);
        }
        long granted = "OK".equalsIgnoreCase(status) && flags != ControlMessage.NONE ? flags : 0;
        boolean proofs = (granted & BitfinexParser.FLAG_CHECKSUM) != 0;
        checksums.checksums(proofs);
        return new GrantedFlags(granted, BitfinexParser.RECORDER_FLAGS, proofs, (granted & BitfinexParser.FLAG_SEQ_ALL) != 0);
    }
}
