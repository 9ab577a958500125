package io.mm.api.server;

import io.mm.api.catalog.ApiException;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A request's path and query parameters, with the checks every route shares. */
public final class Query {
    private final String path;
    private final Map<String, List<String>> params;

    Query(String uri) {
        QueryStringDecoder d = new QueryStringDecoder(uri);
        this.path = d.path();
        this.params = d.parameters();
    }

    public String path() {
        return path;
    }

    /** A parameter given at most once; null when absent. */
    public String one(String name) throws ApiException {
        List<String> v = params.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.size() > 1) {
            throw new ApiException(400, "parameter '" + name + "' is given " + v.size() + " times");
        }
        return v.get(0);
    }

    /** Every value of {@code name} (repeated, or comma-separated), then of {@code listName} ({@code symbols=a,b}). */
    public List<String> many(String name, String listName) {
        List<String> out = new ArrayList<>();
        for (String n : new String[] {name, listName}) {
            for (String v : params.getOrDefault(n, List.of())) {
                for (String part : v.split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.trim());
                    }
                }
            }
        }
        return out;
    }

    /** An integer parameter within bounds, or {@code dflt} when absent. */
    public int integer(String name, int dflt, int min, int max) throws ApiException {
        String v = one(name);
        if (v == null) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < min || i > max) {
                throw new ApiException(400, "parameter '" + name + "' must be between " + min + " and " + max + ", not " + i);
            }
            return i;
        } catch (NumberFormatException e) {
            if (v.trim().matches("-?\\d+")) { // digits beyond an int
                throw new ApiException(400, "parameter '" + name + "' must be between " + min + " and " + max + ", not " + clip(v.trim()));
            }
            throw new ApiException(400, "parameter '" + name + "' is not an integer: '" + clip(v) + "'");
        }
    }

    /** A yes/no parameter: 1 or true, 0 or false (any case); absent is no. */
    public boolean flag(String name) throws ApiException {
        String v = one(name);
        if (v == null || v.equals("0") || v.equalsIgnoreCase("false")) {
            return false;
        }
        if (v.equals("1") || v.equalsIgnoreCase("true")) {
            return true;
        }
        throw new ApiException(400, "parameter '" + name + "' must be 1, true, 0 or false, not '" + clip(v) + "'");
    }

    public static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
