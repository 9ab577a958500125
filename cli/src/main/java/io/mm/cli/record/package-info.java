/**
 * What {@code bin/mm record} adds to the recorder job on a workstation: {@code --simulate}, the simulator in the same
 * process with the recorder pointed at it (never in the job jar, whose entry point refuses the flag).
 */
package io.mm.cli.record;
