package io.mm.core.contract;

import io.mm.core.Exchange;
import io.mm.core.num.NumberText;

/**
 * How an exchange's numbers are written into the output files: plain decimal text, exactly as the
 * exchange's precision gives them. Binance: its strings as sent. Kraken: printed with the instrument's
 * price and quantity precision, trailing zeros kept. Bitfinex: as sent with any exponent expanded.
 */
public final class NumberStyle {
    private enum Mode { AS_SENT, FIXED, PLAIN }

    private final Mode mode;
    private final int pricePrecision;
    private final int qtyPrecision;

    private NumberStyle(Mode mode, int pricePrecision, int qtyPrecision) {
        this.mode = mode;
        this.pricePrecision = pricePrecision;
        this.qtyPrecision = qtyPrecision;
    }

    public static final NumberStyle AS_SENT = new NumberStyle(Mode.AS_SENT, -1, -1);
    public static final NumberStyle PLAIN = new NumberStyle(Mode.PLAIN, -1, -1);

    public static NumberStyle fixed(int pricePrecision, int qtyPrecision) {
        return new NumberStyle(Mode.FIXED, pricePrecision, qtyPrecision);
    }

    /** The style of an exchange; Kraken needs its instrument precisions (null-safe: plain until known). */
    public static NumberStyle of(Exchange exchange, int pricePrecision, int qtyPrecision) {
        return switch (exchange) {
            case BINANCE -> AS_SENT;
            case KRAKEN -> pricePrecision >= 0 && qtyPrecision >= 0 ? fixed(pricePrecision, qtyPrecision) : PLAIN;
            case BITFINEX -> PLAIN;
        };
    }

    public int writePrice(long scaled, int scale, int format, byte[] out, int pos) {
        return write(scaled, scale, format, pricePrecision, out, pos);
    }

    public int writeQty(long scaled, int scale, int format, byte[] out, int pos) {
        return write(scaled, scale, format, qtyPrecision, out, pos);
    }

    /** Writes a parsed token (digits and format word) rather than a book value. */
    public int writePriceToken(long unscaled, int format, byte[] out, int pos) {
        int scale = Math.max(0, NumberText.writtenScale(format));
        return write(NumberText.toScaled(unscaled, format, scale), scale, format, pricePrecision, out, pos);
    }

    public int writeQtyToken(long unscaled, int format, byte[] out, int pos) {
        int scale = Math.max(0, NumberText.writtenScale(format));
        return write(NumberText.toScaled(unscaled, format, scale), scale, format, qtyPrecision, out, pos);
    }

    private int write(long scaled, int scale, int format, int precision, byte[] out, int pos) {
        return switch (mode) {
            case AS_SENT -> NumberText.writeAsSent(scaled, scale, format, out, pos);
            case PLAIN -> NumberText.writePlain(scaled, scale, format, out, pos);
            case FIXED -> NumberText.writeFixed(scaled, scale, precision, out, pos);
        };
    }

    @Override
    public String toString() {
        return mode == Mode.FIXED ? "fixed(" + pricePrecision + "," + qtyPrecision + ")" : mode.name();
    }
}
