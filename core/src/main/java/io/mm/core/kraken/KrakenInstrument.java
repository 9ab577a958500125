package io.mm.core.kraken;

/**
 * A pair from Kraken's WS v2 {@code instrument} channel: the precisions the book checksum formats with.
 *
 * @param symbol         e.g. {@code BTC/USD}
 * @param pricePrecision decimals of prices
 * @param qtyPrecision   decimals of quantities
 * @param status         e.g. {@code online}
 */
public record KrakenInstrument(String symbol, int pricePrecision, int qtyPrecision, String status) {}
