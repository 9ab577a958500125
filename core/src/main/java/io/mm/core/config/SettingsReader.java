package io.mm.core.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads settings as the original recorder did: environment variables (as {@code python -m mm_recorder.recorder}
 * read them), overridden by command-line flags. Every value is checked here, and a bad one is reported naming the
 * setting and the flag: {@code DEPTH_LEVELS (--depth-levels) 'abc' is not an integer}.
 */
public final class SettingsReader {
    private final Map<String, String> env;
    private final Map<String, String> flags = new HashMap<>();
    private final Map<String, String> flagNames = new HashMap<>();

    public SettingsReader(Map<String, String> env) {
        this.env = env;
    }

    /** A flag's value (null when not given) for the setting {@code name}, spelled {@code flag} on the command line. */
    public SettingsReader flag(String name, String flag, String value) {
        flagNames.put(name, flag);
        if (value != null) {
            flags.put(name, value);
        }
        return this;
    }

    private String label(String name) {
        String f = flagNames.get(name);
        return f == null ? name : name + " (" + f + ")";
    }

    public String string(String name, String def) {
        String v = flags.get(name);
        if (v == null) {
            v = env.get(name);
        }
        return v == null || v.isBlank() ? def : v.trim();
    }

    public boolean isSet(String name) {
        return flags.containsKey(name) || (env.get(name) != null && !env.get(name).isBlank());
    }

    public int integer(String name, int def, int min, int max) {
        String v = string(name, null);
        if (v == null) {
            return def;
        }
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw new IllegalArgumentException(label(name) + " " + i + " is out of range " + min + ".." + max);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(label(name) + " '" + v + "' is not an integer");
        }
    }

    public long longInteger(String name, long def, long min, long max) {
        String v = string(name, null);
        if (v == null) {
            return def;
        }
        try {
            long i = Long.parseLong(v);
            if (i < min || i > max) {
                throw new IllegalArgumentException(label(name) + " " + i + " is out of range " + min + ".." + max);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(label(name) + " '" + v + "' is not an integer");
        }
    }

    public double seconds(String name, double def, double min) {
        String v = string(name, null);
        if (v == null) {
            return def;
        }
        try {
            double d = Double.parseDouble(v);
            if (!(d >= min) || Double.isInfinite(d)) {
                throw new IllegalArgumentException(label(name) + " " + v + " must be at least " + min + " seconds");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(label(name) + " '" + v + "' is not a number of seconds");
        }
    }

    /** One of {@code allowed}, matched ignoring case and returned as {@code allowed} spells it, or {@code def} when not set. */
    public String choice(String name, String def, String... allowed) {
        String v = string(name, null);
        if (v == null) {
            return def;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(v)) {
                return a;
            }
        }
        throw new IllegalArgumentException(label(name) + " '" + v + "' is not one of " + String.join(", ", allowed));
    }

    public boolean bool(String name, boolean def) {
        String v = string(name, null);
        if (v == null) {
            return def;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException(label(name) + " '" + v + "' is not a boolean (1/0, true/false)");
        };
    }

    /** A URL setting: ws(s) or http(s) with a host. */
    public String url(String name, String def, boolean websocket) {
        String v = string(name, def);
        String lower = v.toLowerCase(Locale.ROOT);
        boolean ok = websocket ? lower.startsWith("ws://") || lower.startsWith("wss://") : lower.startsWith("http://") || lower.startsWith("https://");
        if (!ok || v.indexOf("://") + 3 >= v.length()) {
            throw new IllegalArgumentException(label(name) + " '" + v + "' is not a " + (websocket ? "ws:// or wss://" : "http:// or https://")
                    + " URL");
        }
        return v;
    }

    /** For error messages built elsewhere. */
    public String describe(String name) {
        return label(name);
    }
}
