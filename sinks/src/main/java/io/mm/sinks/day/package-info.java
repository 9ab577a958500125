/**
 * The exactly-once day-file sink ({@code DayFileSink}, Sink V2 with a committer): the writer buffers rows per day
 * file in pooled chunks and stages them per checkpoint off the task thread ({@code DayFileWriter},
 * {@code StagingIo}); the hand-off passes a checkpoint's committables on only once their staging files are sealed
 * ({@code StagingBarrierOperator}); the committer compresses them into gzip members and appends them idempotently
 * against each day directory's commit log ({@code DayFileCommitter}, {@code CommitLog}), made durable with one
 * {@code syncfs(2)} per round ({@code FileSystemSync}). {@code StagedRange} and its serializer are the checkpointed
 * committables.
 */
package io.mm.sinks.day;
