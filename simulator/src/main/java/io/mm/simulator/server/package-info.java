/**
 * The simulator's one loopback port ({@code SimServer}, Netty): each exchange's wire protocol over the shared
 * markets ({@code ExchangeFeed}, {@code FeedSupport} for connection-level faults), client sessions batched per tick
 * ({@code WsSession}, {@code Sessions}), and REST answers with the exchanges' own error bodies ({@code RestAnswer},
 * {@code RestErrors}).
 */
package io.mm.simulator.server;
