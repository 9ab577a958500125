/**
 * Faults on demand: what can break ({@code FaultKind}), a fault to inject ({@code FaultSpec}), the armed ones and
 * the log of those that fired ({@code FaultController}, {@code FaultRecord}), so a test can tell what a client
 * should have seen.
 */
package io.mm.simulator.fault;
