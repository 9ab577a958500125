/**
 * The one Netty server every serving command runs on ({@code ApiServer}): each request is checked in the same order
 * (target length, path, token, origin, client limit) before a {@code Route} sees it; {@code ApiSettings} says where
 * it listens (127.0.0.1 unless opened on purpose) and what a client may do.
 */
package io.mm.api.server;
