package io.mm.operators.book;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON object of a ledger row's {@code details} column, fields in the order given. */
final class Details {
    static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Object> fields = new LinkedHashMap<>();

    static Details of() {
        return new Details();
    }

    static Details of(String k, Object v) {
        return new Details().put(k, v);
    }

    Details put(String k, Object v) {
        if (v != null) {
            fields.put(k, v);
        }
        return this;
    }

    /** Long text (frames, errors) cut so a ledger row stays readable. */
    static String clip(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        return s.substring(0, max) + "...(" + (s.length() - max) + " more chars)";
    }

    String json() {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ledger details not serializable: " + fields, e);
        }
    }
}
