package io.mm.core.candle;

import java.io.IOException;

/**
 * A recorded file that cannot be used, with a message naming the file and line. Flink wraps a reader's error in
 * several layers of job failure; commands look for this one to tell the user what is wrong.
 */
public final class BadInputException extends IOException {
    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    public BadInputException(String message) {
        super(message);
    }
}
