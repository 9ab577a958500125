/**
 * The Flink jobs a cluster runs: the recorder ({@code record}: its job graph, its settings and the local
 * MiniCluster launcher of {@code bin/mm record}) and the bounded jobs' entry points ({@code cluster}: replay
 * validation and combine). The shaded {@code -job.jar} of this module is what a cluster runs; {@code bin/mm}
 * itself lives in the cli module above it.
 */
package io.mm.jobs;
