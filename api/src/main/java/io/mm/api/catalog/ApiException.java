package io.mm.api.catalog;

/** A request the API refuses: the HTTP status and a message for the client (never a stack trace). */
public final class ApiException extends Exception {
    private final int status;

    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
