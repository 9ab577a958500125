/**
 * {@code RecorderClock}: the recorder's "now" for receive timestamps, trading-window days and heartbeats; the
 * system clock in production, a driven clock for tests and demos.
 */
package io.mm.core.clock;
