/**
 * {@code KrakenProtocol}: what a Kraken connection says (the instrument channel first, the book and trades once the
 * precisions have arrived) and which symbol each frame belongs to.
 */
package io.mm.sources.kraken;
