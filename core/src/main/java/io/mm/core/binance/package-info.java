/**
 * Binance Spot: the frame parser with its fast path for diff-depth events ({@code BinanceParser},
 * {@code DepthUpdateScanner}) and the documented local-order-book algorithm that syncs a book from the diff stream
 * and REST snapshots by update ids (buffer, snapshot, drop {@code u <= lastUpdateId}, then
 * {@code U == previous u + 1}; a break is a gap).
 */
package io.mm.core.binance;
