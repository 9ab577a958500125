package io.mm.simulator.market;

/** One level change of a step: the level's new quantity (0 removed) and order count. */
public record Change(boolean bid, long price, long qty, int count) {}
