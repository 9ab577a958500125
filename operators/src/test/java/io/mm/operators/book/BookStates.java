package io.mm.operators.book;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.FrameKind;
import io.mm.core.kraken.KrakenChecksumEngine;
import io.mm.core.kraken.KrakenParser;
import io.mm.core.sync.SyncOutcome;
import io.mm.core.sync.SyncState;

/** Book states as the recorder checkpoints them. */
final class BookStates {
    /**
     * Kraken's real BTC/USD book snapshot of 2023-07-30 15:30 UTC (the shared test data's
     * {@code kraken/real_book_v2_btcusd.json}, its first frame): ten levels a side, checksum 2785033588.
     */
    static final String KRAKEN_SNAPSHOT = "{\"channel\":\"book\",\"type\":\"snapshot\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":["
            + "{\"price\":29430.2,\"qty\":0.18967538},{\"price\":29429.6,\"qty\":0.00011621},{\"price\":29427.4,\"qty\":0.001},"
            + "{\"price\":29426.7,\"qty\":4.0},{\"price\":29425.7,\"qty\":0.67945399},{\"price\":29423.5,\"qty\":0.67950478},"
            + "{\"price\":29422.1,\"qty\":0.16314267},{\"price\":29421.8,\"qty\":0.06797895},{\"price\":29421.7,\"qty\":0.23401846},"
            + "{\"price\":29421.5,\"qty\":0.28639276}],\"asks\":["
            + "{\"price\":29430.3,\"qty\":8.25215653},{\"price\":29430.4,\"qty\":2.55637606},{\"price\":29430.5,\"qty\":0.2997598},"
            + "{\"price\":29430.9,\"qty\":2.56473216},{\"price\":29431.0,\"qty\":0.00011662},{\"price\":29431.1,\"qty\":0.001},"
            + "{\"price\":29432.3,\"qty\":0.0241},{\"price\":29432.4,\"qty\":0.02210682},{\"price\":29432.5,\"qty\":3.39761477},"
            + "{\"price\":29433.1,\"qty\":0.01021497}],\"checksum\":2785033588}]}";
    static final long KRAKEN_CHECKSUM = 2785033588L;
    /** 2023-07-30 15:30 UTC, in microseconds. */
    static final long T0 = 1_690_731_000_000_000L;

    private BookStates() {}

    /**
     * What the recorder checkpoints for Kraken BTC/USD once that snapshot is applied and verified: SYNCED in epoch 1,
     * the pair's precisions (1, 8), no update id (Kraken has none), the last trade id, one open trading day.
     */
    static BookState krakenSynced() {
        KrakenParser parser = new KrakenParser();
        assertThat(parser.parse(KRAKEN_SNAPSHOT)).isEqualTo(FrameKind.DEPTH_SNAPSHOT);
        KrakenChecksumEngine engine = new KrakenChecksumEngine(10);
        engine.setPrecision(1, 8);
        engine.subscribed("subscribed");
        assertThat(engine.onSnapshot(parser.depth(), false)).isEqualTo(SyncOutcome.SYNCED);
        assertThat(engine.state()).isEqualTo(SyncState.SYNCED);
        LocalOrderBook book = engine.book();
        return new BookState("3f9c2a1e-7b4d", 517, 9, new int[] {20230730}, engine.state(), engine.machine().epoch(),
                engine.machine().everSynced(), DepthUpdate.NONE, 1, 8, 71, T0 + 516, T0 + 515, book.priceScale(), book.qtyScale(),
                BookState.Levels.capture(book, Side.BID), BookState.Levels.capture(book, Side.ASK));
    }
}
