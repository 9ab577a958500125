/**
 * The REST book snapshots the keyed operator asks for, as an interface ({@code SnapshotFetcher}, created per
 * operator instance by a serializable {@code SnapshotFetcherFactory}, answering with a {@code SnapshotResponse}):
 * the job wires in the REST fetcher of module {@code sources}, so the operator does not depend on an HTTP client
 * and a benchmark can serve snapshots in process.
 */
package io.mm.operators.snapshot;
