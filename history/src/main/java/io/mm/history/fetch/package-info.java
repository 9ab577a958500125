/**
 * What the exchanges' history clients share: the paged {@code HistoryClient} contract and {@code HistoryHttp},
 * blocking GETs that wait for the same per-JVM {@code RestBudget} the recorder spends, retry with backoff and read
 * the body-level errors Kraken and Bitfinex send with HTTP 200.
 */
package io.mm.history.fetch;
