/**
 * Binance Spot as the simulator serves it: raw and combined depth and trade streams with their subscriptions
 * ({@code BinanceFeed}) and the REST market data with its documented weights ({@code BinanceRest}).
 */
package io.mm.simulator.binance;
