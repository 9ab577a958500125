/**
 * {@code bin/mm check}: end-to-end checks on real processes. {@code cluster} runs the recorder on a standalone
 * cluster of its own (a TaskManager killed and replaced, a rescale from a savepoint, a replay on the cluster) and
 * prints recovery times and memory; {@code stack} runs {@code bin/mm up}, {@code status} and {@code down} as a user
 * runs them. {@code Scripts} and {@code WorkDirOptions} are what both share: the project's scripts and a work
 * directory of their own.
 */
package io.mm.cli.check;
