package io.mm.operators.snapshot;

import io.mm.core.Exchange;
import java.util.function.Consumer;

/**
 * Fetches REST book snapshots asynchronously for the keyed operator, within the exchange's REST budget. The
 * callback runs on an I/O thread: the operator hands the response to its task thread through the mailbox and
 * never touches state from the callback.
 */
public interface SnapshotFetcher extends AutoCloseable {

    /**
     * @param limit levels asked for (Binance {@code limit}, Kraken {@code count}, Bitfinex {@code len})
     */
    void fetch(Exchange exchange, String symbol, int limit, Consumer<SnapshotResponse> callback);

    @Override
    void close();
}
