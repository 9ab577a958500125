/**
 * Plain Java, no Flink: everything the recorder, the replay validator, the history commands and serving compute the
 * same way. This package holds {@code Exchange}, whose ids and codes never change; the features live in the
 * packages below it: the exchanges' parsers and engines ({@code binance}, {@code kraken}, {@code bitfinex},
 * {@code sync}), the frames and their parsed holders ({@code feed}), the book ({@code book}), numbers
 * ({@code num}), the output contract ({@code contract}), the events ledger ({@code ledger}), the trading window
 * ({@code window}), candles ({@code candle}), what was recorded for a symbol ({@code recorded}), the clock ({@code clock}), settings ({@code config}) and state codes
 * ({@code state}).
 */
package io.mm.core;
