package io.mm.simulator.market;

/**
 * A trade the simulator streamed: consistent with the book (taken from the best level of the other side).
 *
 * @param buy true when the aggressor bought (took the best ask)
 */
public record Trade(long id, long timeMs, long price, long qty, boolean buy) {}
