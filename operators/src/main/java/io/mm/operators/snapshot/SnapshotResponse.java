package io.mm.operators.snapshot;

/**
 * The outcome of one REST book snapshot request.
 *
 * @param ok            true when {@code body} holds a 2xx answer
 * @param body          the body verbatim (also on errors, when there was one)
 * @param httpStatus    the HTTP status, or 0 if none arrived
 * @param error         why it failed, in words, or null
 * @param url           what was asked
 * @param requestedAtUs when the request was sent (after any wait for the REST budget)
 * @param receivedAtUs  when the answer arrived
 */
public record SnapshotResponse(boolean ok, String body, int httpStatus, String error, String url, long requestedAtUs,
                               long receivedAtUs) {}
