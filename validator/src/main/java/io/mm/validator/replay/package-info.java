/**
 * The recorded-day source of a replay ({@code RecordedDaySource}, FLIP-27, bounded): one split per day directory
 * ({@code DaySplit}), whose reader ({@code DayRecording}) merges the recorded depth diffs by {@code recv_seq} with what
 * the events ledger says was input (snapshot files, and typed lifecycle inputs carrying the rows' own details), read
 * ahead on threads of their own ({@code ReadAheadLines}). Unusable input ends the day with one frame naming the file,
 * line and problem.
 */
package io.mm.validator.replay;
