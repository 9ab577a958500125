package io.mm.core.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import io.mm.core.num.NumberToken;
import java.io.IOException;

/** The shared streaming JSON factory and small helpers used by the parsers. */
public final class Json {
    /** Thread-safe; for cold paths. */
    public static final JsonFactory FACTORY = JsonFactory.builder().build();

    /** Buffer sets {@link #FRAMES} keeps for reuse: more than the threads that parse frames at once. */
    static final int POOLED_BUFFERS = 64;

    /**
     * The factory for the frame parsers, shared by all of them. Its buffer pool is its own and bounded, so a parser
     * takes its buffers without a ThreadLocal lookup on Flink's task threads, and a recorder running for months never
     * holds more than {@value #POOLED_BUFFERS} sets. One pool for all, not one per parser: an operator holds a parser per symbol, and with hundreds of
     * symbols a few shared buffers stay in the CPU cache where one set per symbol would be cold each time its symbol
     * comes round.
     */
    public static final JsonFactory FRAMES = JsonFactory.builder().recyclerPool(JsonRecyclerPools.newBoundedPool(POOLED_BUFFERS)).build();

    private Json() {}

    /** Reads the current string or number token as a decimal; false with {@code num.error} set if it is not one. */
    public static boolean decimal(JsonParser p, NumberToken num) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            num.error = "expected a number, got " + describe(t);
            return false;
        }
        return num.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }

    /** The current token as a long if it is an integer (or an integer in a string), else {@code fallback}. */
    public static long longValue(JsonParser p, long fallback) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            try {
                return Long.parseLong(p.getText());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    /**
     * True when the current token opens an object or array that the field's reader left unread: a container
     * where a number or string belongs. Callers report the field (skipping silently would hide the problem,
     * and not skipping would read the container's insides as the enclosing object's fields).
     */
    public static boolean unreadContainer(JsonParser p) {
        JsonToken t = p.currentToken();
        return t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY;
    }

    public static String describe(JsonToken t) {
        if (t == null) {
            return "end of input";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.name();
        };
    }

    /** A one-line description of a JSON syntax error with its character offset. */
    public static String syntaxError(JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        int nl = msg.indexOf('\n');
        if (nl >= 0) {
            msg = msg.substring(0, nl);
        }
        long at = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
        return "invalid JSON" + (at >= 0 ? " at char " + at : "") + ": " + msg;
    }
}
