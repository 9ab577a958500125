package io.mm.sources.ws;

import io.mm.core.Exchange;
import java.util.List;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One exchange connection and the symbols it carries, grouped within the exchange's limits on streams per
 * connection. A WebSocket cannot be resumed, so the split carries no position: after a restore it simply
 * connects and subscribes again, and the keyed operator measures what was lost.
 *
 * @param id       stable across restores, {@code <n>-<exchange>}, e.g. {@code 0-binance}
 * @param exchange the exchange
 * @param symbols  the exchange's own symbols
 */
public record ConnectionSplit(String id, Exchange exchange, List<String> symbols) implements SourceSplit, java.io.Serializable {
    public ConnectionSplit {
        symbols = List.copyOf(symbols);
    }

    @Override
    public String splitId() {
        return id;
    }
}
