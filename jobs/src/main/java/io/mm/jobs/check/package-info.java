/**
 * {@code bin/mm check cluster}: the recorder on a standalone cluster of its own, checked end to end on real
 * processes (a TaskManager killed and replaced, a rescale from a savepoint, a replay on the cluster), printing
 * recovery times and memory.
 */
package io.mm.jobs.check;
