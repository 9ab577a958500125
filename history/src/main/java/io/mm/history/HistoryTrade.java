package io.mm.history;

import java.util.List;

/** One trade from an exchange's REST history; {@code side} is the taker's, {@code buy} or {@code sell}. */
public record HistoryTrade(long id, long tsUs, String price, String qty, String side) {

    public static final List<String> COLUMNS = List.of("trade_ts_us", "trade_id", "price", "qty", "side");

    public List<String> row() {
        return List.of(Long.toString(tsUs), Long.toString(id), price, qty, side);
    }
}
