/**
 * Kraken WS v2 as the simulator serves it: status, book, trade and instrument channels with checksums and
 * heartbeats ({@code KrakenFeed}), and the public REST ({@code KrakenRest}).
 */
package io.mm.simulator.kraken;
