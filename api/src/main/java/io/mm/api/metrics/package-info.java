/**
 * The {@code /metrics} stream: correlation, covariance or volatility of candle-close log returns over a window
 * ({@code Metrics}), from the candle files beside the recordings ({@code CandleStore}) and, for what is missing, a
 * {@code CandleSource} the composition root wires to the history module's REST clients, so serving stays free of
 * Flink and OkHttp.
 */
package io.mm.api.metrics;
