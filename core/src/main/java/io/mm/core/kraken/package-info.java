/**
 * Kraken WS v2: the frame parser, the instrument precisions ({@code KrakenInstrument}) the book checksum formats
 * with, the checksum ({@code KrakenChecksum}) and the checksum engine ({@code KrakenChecksumEngine}), and the REST
 * depth body used to resync out of band.
 */
package io.mm.core.kraken;
