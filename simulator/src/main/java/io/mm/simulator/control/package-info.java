/**
 * {@code /control} ({@code ControlEndpoint}): what tests and operators ask of a running simulator: a symbol's true
 * book, faults to arm and the ones that fired, pausing, stepping and the rate of the markets, the stats.
 */
package io.mm.simulator.control;
