/**
 * Bitfinex WS v2: the frame parser with one connection's protocol state (channel ids, {@code conf} flags), the
 * per-connection sequence numbers ({@code BitfinexSequence}), the book checksum over numbers as the server wrote
 * them ({@code BitfinexChecksum}) and the checksum engine ({@code BitfinexChecksumEngine}), and the REST book body
 * used to resync out of band.
 */
package io.mm.core.bitfinex;
