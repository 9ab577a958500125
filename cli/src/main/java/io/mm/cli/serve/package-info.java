/**
 * What serving needs from the history module, wired here where both are on the classpath:
 * {@code HistoryCandleSource} fetches the metrics' missing candles with the history clients, under the shared REST
 * budget.
 */
package io.mm.cli.serve;
