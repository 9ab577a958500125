package io.mm.simulator.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP answer: status, JSON body and extra headers. {@code delayMs} holds it back (slow answers);
 * {@link #NEVER} is never sent (timeouts).
 */
public record RestAnswer(int status, String body, Map<String, String> headers, long delayMs) {
    public static final RestAnswer NEVER = new RestAnswer(-1, "", Map.of(), 0);

    public static RestAnswer ok(String body) {
        return new RestAnswer(200, body, Map.of(), 0);
    }

    public static RestAnswer of(int status, String body) {
        return new RestAnswer(status, body, Map.of(), 0);
    }

    public RestAnswer withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new RestAnswer(status, body, h, delayMs);
    }

    public RestAnswer delayed(long ms) {
        return new RestAnswer(status, body, headers, ms);
    }
}
