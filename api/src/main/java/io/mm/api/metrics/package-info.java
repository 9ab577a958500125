/**
 * The {@code /metrics} stream: correlation, covariance or volatility of candle-close log returns over a window
 * ({@code Metrics}), from local candles built of the recorder's own trades where it listened ({@code RecordedCandles},
 * with core's {@code recorded} package, as {@code bin/mm combine} builds them), the candle files beside the
 * recordings ({@code CandleStore}) and, for what is missing, a {@code CandleSource} the composition root wires to the
 * history module's REST clients, so serving stays free of Flink and OkHttp.
 */
package io.mm.api.metrics;
