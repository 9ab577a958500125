/**
 * {@code BinanceProtocol}: what a Binance connection says (combined-stream URL, then SUBSCRIBE messages within
 * Binance's limits) and which symbol each frame belongs to.
 */
package io.mm.sources.binance;
