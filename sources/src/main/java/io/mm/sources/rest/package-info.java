/**
 * The recorder's REST calls on Flink: {@code RestSnapshotFetcher} (the operator's book snapshots, asynchronous,
 * each waiting for its exchange's budget from module {@code rest}, with its metrics) and its job-graph factory, and
 * {@code SymbolCatalog}, which checks {@code SYMBOL} against the exchanges' lists at start.
 */
package io.mm.sources.rest;
