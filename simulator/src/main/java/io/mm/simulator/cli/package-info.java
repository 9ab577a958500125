/**
 * The simulator's commands: {@code bin/mm simulator} and {@code convert-capture}.
 */
package io.mm.simulator.cli;
