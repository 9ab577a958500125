/**
 * The {@code /metrics} stream: correlation, covariance or volatility of candle-close log returns over a window
 * ({@code Metrics}), from local candles built of the recorder's own trades where it listened ({@code RecordedCandles},
 * with core's {@code recorded} package, as {@code bin/mm combine} builds them), the candle files beside the
 * recordings ({@code CandleStore}) and, for what is missing, core's {@code CandleSource}: the history module's REST
 * clients, found on the classpath ({@code CandleSource.discover}), so serving itself stays free of Flink and OkHttp.
 */
package io.mm.api.metrics;
