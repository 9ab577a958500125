/**
 * {@code BitfinexProtocol}: what a Bitfinex connection says ({@code conf} flags, then book and trades
 * subscriptions, 25 channels per connection) and which symbol each frame belongs to.
 */
package io.mm.sources.bitfinex;
