/**
 * The output contract, the one place its names, paths, columns and number styles are defined: {@code ContractFile}
 * (every file of a day directory), {@code DayDirectory}, {@code SymbolFs} and {@code SymbolGrammar}, the row
 * writers ({@code BookFrameWriter}, {@code TradeRowWriter}, {@code NdjsonLines}, {@code CsvRows}) rendering into
 * reusable {@code ByteSink}s, {@code NumberStyle} per exchange, {@code SnapshotFiles}, and
 * {@code StrictGzipInputStream}, which reads a file as Python's {@code gzip} does. Every writer and reader goes
 * through here.
 */
package io.mm.core.contract;
