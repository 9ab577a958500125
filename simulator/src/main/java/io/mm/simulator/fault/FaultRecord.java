package io.mm.simulator.fault;

import io.mm.core.Exchange;

/**
 * A fault that took effect, so a test can tell what a client should have seen.
 *
 * @param tsUs     when, microseconds since the epoch
 * @param exchange the exchange
 * @param symbol   the symbol, or null for an exchange-wide fault
 * @param kind     what
 * @param detail   specifics (update ids dropped, checksum sent, status answered, ...)
 */
public record FaultRecord(long tsUs, Exchange exchange, String symbol, FaultKind kind, String detail) {}
