package io.mm.core.candle;

import java.io.IOException;

/**
 * The exchange could not be asked at all (unreachable, or failing every retry): a request for any other of its symbols
 * would fail the same way now, unlike a refusal of one request (an unknown symbol).
 */
public class SourceUnavailableException extends IOException {
    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
