/**
 * The recorder: its dataflow ({@code RecorderJob}: WebSocket source, keyed book-sync operator, exactly-once
 * day-file sink), a run's whole configuration ({@code RecordJobSettings}), {@code bin/mm record} on a local
 * MiniCluster ({@code RecordCommand}: savepoint on stop, resume from the newest checkpoint, listeners on 127.0.0.1)
 * and the job jar's entry point for {@code flink run} ({@code RecorderMain}).
 */
package io.mm.jobs.record;
