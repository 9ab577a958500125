package io.mm.core.feed;

/**
 * The trades of one parsed message, reusable. Binance sends one trade per message, Kraken may batch
 * several, Bitfinex sends a snapshot of recent trades and then {@code te}/{@code tu} prints.
 */
public final class TradeBatch {
    public String symbol;
    /** Message-level event time in microseconds, or {@link DepthUpdate#NONE}. */
    public long eventTimeUs = DepthUpdate.NONE;
    public boolean snapshot;
    /** Bitfinex: true for a {@code tu} (confirmation of a trade already seen as {@code te}). */
    public boolean confirmation;
    public long sequence = DepthUpdate.NONE;

    private int size;
    private long[] tradeId = new long[4];
    private long[] tradeTimeUs = new long[4];
    private long[] price = new long[4];
    private int[] priceFormat = new int[4];
    private long[] qty = new long[4];
    private int[] qtyFormat = new int[4];
    /** 1 buy (aggressor bought), -1 sell. */
    private byte[] side = new byte[4];
    /** 0 unknown, 1 market, 2 limit. */
    private byte[] ordType = new byte[4];

    public void clear() {
        symbol = null;
        eventTimeUs = DepthUpdate.NONE;
        snapshot = false;
        confirmation = false;
        sequence = DepthUpdate.NONE;
        size = 0;
    }

    public void add(long id, long timeUs, long unscaledPrice, int priceFmt, long unscaledQty, int qtyFmt, boolean buy, byte orderType) {
        if (size == tradeId.length) {
            grow();
        }
        int i = size++;
        tradeId[i] = id;
        tradeTimeUs[i] = timeUs;
        price[i] = unscaledPrice;
        priceFormat[i] = priceFmt;
        qty[i] = unscaledQty;
        qtyFormat[i] = qtyFmt;
        side[i] = (byte) (buy ? 1 : -1);
        ordType[i] = orderType;
    }

    public static final byte ORD_UNKNOWN = 0;
    public static final byte ORD_MARKET = 1;
    public static final byte ORD_LIMIT = 2;

    public int size() {
        return size;
    }

    public long tradeId(int i) {
        return tradeId[i];
    }

    public long tradeTimeUs(int i) {
        return tradeTimeUs[i];
    }

    public long price(int i) {
        return price[i];
    }

    public int priceFormat(int i) {
        return priceFormat[i];
    }

    /** Quantity digits as sent, sign removed (Bitfinex amounts carry the side in their sign). */
    public long qty(int i) {
        return qty[i];
    }

    public int qtyFormat(int i) {
        return qtyFormat[i];
    }

    public boolean buy(int i) {
        return side[i] > 0;
    }

    public String sideName(int i) {
        return side[i] > 0 ? "buy" : "sell";
    }

    public byte ordType(int i) {
        return ordType[i];
    }

    public String ordTypeName(int i) {
        return switch (ordType[i]) {
            case ORD_MARKET -> "market";
            case ORD_LIMIT -> "limit";
            default -> "";
        };
    }

    private void grow() {
        int n = tradeId.length * 2;
        tradeId = java.util.Arrays.copyOf(tradeId, n);
        tradeTimeUs = java.util.Arrays.copyOf(tradeTimeUs, n);
        price = java.util.Arrays.copyOf(price, n);
        priceFormat = java.util.Arrays.copyOf(priceFormat, n);
        qty = java.util.Arrays.copyOf(qty, n);
        qtyFormat = java.util.Arrays.copyOf(qtyFormat, n);
        side = java.util.Arrays.copyOf(side, n);
        ordType = java.util.Arrays.copyOf(ordType, n);
    }
}
