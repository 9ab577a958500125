/**
 * {@code bin/mm bench}: end-to-end benchmarks whose figures go to docs/benchmarks.md, run in process on a
 * MiniCluster and never part of the job jar. {@code RecordBench} (the recorder fed by the simulator),
 * {@code SinkBench} (the day-file sink alone), {@code BenchCommand.Validate} (a generated day recorded, then
 * replay-validated), {@code CombineBench} and {@code RelayBench}; beside them what they measure with: the job's own
 * metrics ({@code CapturingReporter}, {@code WindowLatencies}, {@code TaskTimes}), CPU by thread
 * ({@code ThreadCpu}, {@code CpuUse}), the host's speed before and after ({@code HostSpeed}) and what a run
 * committed ({@code DayFileCensus}).
 */
package io.mm.bench;
