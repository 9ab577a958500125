/**
 * Reading the recorder's {@code live/} files as they grow: {@code LiveFileFollower} follows one file across its
 * rotations, {@code DayTail} merges a day's diffs and trades in {@code recv_seq} order, {@code SymbolTail} does so
 * across the days whose trading windows overlap; {@code LiveLine} is one line with its head fields read off its
 * text.
 */
package io.mm.api.live;
