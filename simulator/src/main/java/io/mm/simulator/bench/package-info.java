/**
 * {@code bin/mm bench simulator}: the messages per second the simulator sustains across WebSocket connections.
 */
package io.mm.simulator.bench;
