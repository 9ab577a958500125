package io.mm.history.combine;

/** A trade the recorder wrote to {@code trades_ws}: the columns the candles need. A Flink POJO (no Kryo). */
public final class LocalTrade {
    public long tsUs;
    public long id;
    public String price;
    public String qty;

    public LocalTrade() {}

    public LocalTrade(long tsUs, long id, String price, String qty) {
        this.tsUs = tsUs;
        this.id = id;
        this.price = price;
        this.qty = qty;
    }
}
