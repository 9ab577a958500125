/**
 * {@code TradingWindow}: which trading days a moment belongs to ({@code WINDOW_TZ}, {@code WINDOW_START_HHMM},
 * {@code WINDOW_END_HHMM}, {@code WINDOW_END_DAY_OFFSET}); overlapping windows put a message in both days.
 */
package io.mm.core.window;
