/**
 * The command-line clients' WebSocket connection ({@code ReconnectingClient}, the JDK's client): prints every
 * message, one line each, and connects again with a doubling backoff after a close or a failure.
 */
package io.mm.api.client;
