/**
 * Bitfinex WS v2 as the simulator serves it: {@code info}, {@code conf} flags, book and trades channels with
 * checksums and sequence numbers ({@code BitfinexFeed}), and the public REST v2 ({@code BitfinexRest}).
 */
package io.mm.simulator.bitfinex;
