/**
 * Capture replay: the capture format ({@code CaptureFile}, {@code CaptureLine}), playing one exchange's part at its
 * recorded pace ({@code CaptureFeed}), which subscription a line belongs to ({@code CaptureChannels}), real
 * captures converted from other tools' formats ({@code CaptureConverter}) and a recorded day turned back into what
 * the exchange sent ({@code RecordedDayCapture}).
 */
package io.mm.simulator.capture;
