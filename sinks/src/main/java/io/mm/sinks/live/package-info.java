/**
 * {@code LiveFiles}: the rolling uncompressed {@code live/*.ndjson} files a relay tails, appended as lines are
 * produced and flushed every few hundred milliseconds, not at checkpoints.
 */
package io.mm.sinks.live;
