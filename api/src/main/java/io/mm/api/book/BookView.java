package io.mm.api.book;

import io.mm.core.Exchange;
import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.contract.NumberStyle;
import io.mm.core.feed.DepthUpdate;

/**
 * A read-only look at a book for rendering (relay messages, REST answers): levels from the best, numbers in the
 * recorder's style for the exchange, with what identifies the book's position in the recording.
 */
public final class BookView {
    private final BookFeed feed;
    private final long asOfSeq;

    /** @param asOfSeq the last line processed: trades after the book's last update leave it as it is */
    BookView(BookFeed feed, long asOfSeq) {
        this.feed = feed;
        this.asOfSeq = Math.max(feed.seq, asOfSeq);
    }

    public Exchange exchange() {
        return feed.exchange;
    }

    public String symbol() {
        return feed.symbol;
    }

    /** The book as of this {@code recv_seq}: every live line up to it is in it, and none after. */
    public long recvSeq() {
        return asOfSeq;
    }

    public long recvTsUs() {
        return feed.recvTsUs;
    }

    /** The last update's exchange time (µs), or {@link DepthUpdate#NONE}. */
    public long eventTsUs() {
        return feed.eventTsUs;
    }

    public int epoch() {
        return feed.engine.machine().epoch();
    }

    public String state() {
        return feed.engine.state().name();
    }

    /** Binance's {@code lastUpdateId}, or {@link DepthUpdate#NONE}. */
    public long lastUpdateId() {
        return feed.lastUpdateId();
    }

    /** The last update's checksum, or {@link DepthUpdate#NONE}. */
    public long checksum() {
        return feed.checksum;
    }

    /** The depth the exchange's checksum engine cuts the book to after each update; 0 for none (Binance). */
    public int cutDepth() {
        return feed.cutDepth();
    }

    public LocalOrderBook book() {
        return feed.book;
    }

    public NumberStyle style() {
        return feed.style();
    }

    public int depth(Side side) {
        return feed.book.depth(side);
    }
}
