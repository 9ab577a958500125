/**
 * The loopback exchange ({@code Simulator}): Binance Spot, Kraken WS v2 and Bitfinex WS v2 on one port over seeded
 * markets, with faults on demand, a control endpoint and capture replay; what tests and benchmarks read from it
 * ({@code SimulatorUrls}, {@code SimulatorStats}, {@code TrueBook}). The exchanges' protocols, the markets, the
 * server and the faults are in the packages below.
 */
package io.mm.simulator;
