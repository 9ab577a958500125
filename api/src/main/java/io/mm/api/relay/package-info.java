/**
 * The WebSocket relay: one thread ({@code Relay}) tails every recorded symbol, keeps its book and encodes each
 * message once ({@code RelayMessages}, {@code WsFrames}) into frames that every subscriber of the symbol gets a
 * view of; it never waits for a client, and a {@code Subscriber} over its bounded queue is dropped.
 */
package io.mm.api.relay;
