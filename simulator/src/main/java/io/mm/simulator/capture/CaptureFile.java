package io.mm.simulator.capture;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The capture format, NDJSON: {@code {"ts_ms":<receive time>,"kind":"ws"|"rest","path":"<path>","msg":<payload>}}.
 * The payload is spliced in verbatim when it is JSON (so numbers keep the exact text the exchange sent, which
 * checksums depend on) and written as a JSON string otherwise. Reading accepts both, and {@code .gz} files.
 */
public final class CaptureFile {
    private static final JsonFactory JSON = new JsonFactory();

    private CaptureFile() {}

    /** Reads every line; a bad line is an error naming the file, the line and what is wrong with it. */
    public static List<CaptureLine> read(Path file) throws IOException {
        List<CaptureLine> out = new ArrayList<>();
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(parse(line));
                } catch (IllegalArgumentException | IOException e) {
                    throw new IOException(file + ":" + n + ": " + e.getMessage(), e);
                }
            }
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": truncated gzip after " + out.size() + " line(s)", e);
        }
        return out;
    }

    static CaptureLine parse(String line) throws IOException {
        long ts = Long.MIN_VALUE;
        String kind = null;
        String path = null;
        String msg = null;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "ts_ms" -> {
                        if (t != JsonToken.VALUE_NUMBER_INT) {
                            throw new IllegalArgumentException("field 'ts_ms' is not an integer");
                        }
                        ts = p.getLongValue();
                    }
                    case "kind" -> kind = p.getValueAsString();
                    case "path" -> path = p.getValueAsString();
                    case "msg" -> {
                        if (t == JsonToken.VALUE_STRING) {
                            msg = p.getText();
                        } else {
                            int start = (int) p.currentTokenLocation().getCharOffset();
                            p.skipChildren();
                            int end = (int) p.currentLocation().getCharOffset();
                            msg = line.substring(start, end);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage());
        }
        if (ts == Long.MIN_VALUE) {
            throw new IllegalArgumentException("field 'ts_ms' is missing");
        }
        if (kind == null || !(kind.equals("ws") || kind.equals("rest"))) {
            throw new IllegalArgumentException("field 'kind' must be \"ws\" or \"rest\", not " + kind);
        }
        if (path == null) {
            throw new IllegalArgumentException("field 'path' is missing");
        }
        if (msg == null) {
            throw new IllegalArgumentException("field 'msg' is missing");
        }
        CaptureLine l = new CaptureLine(ts, kind.equals("ws") ? CaptureLine.Kind.WS : CaptureLine.Kind.REST, path, msg);
        l.exchange(); // the path must name an exchange
        return l;
    }

    /** One line of the format. */
    public static String format(CaptureLine l) {
        try {
            StringWriter w = new StringWriter(l.msg().length() + 96);
            try (JsonGenerator g = JSON.createGenerator(w)) {
                g.writeStartObject();
                g.writeNumberField("ts_ms", l.tsMs());
                g.writeStringField("kind", l.kind() == CaptureLine.Kind.WS ? "ws" : "rest");
                g.writeStringField("path", l.path());
                g.writeFieldName("msg");
                if (isJson(l.msg())) {
                    g.writeRawValue(l.msg());
                } else {
                    g.writeString(l.msg());
                }
                g.writeEndObject();
            }
            return w.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isJson(String s) {
        try (JsonParser p = JSON.createParser(s)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null && s.indexOf('\n') < 0;
        } catch (IOException e) {
            return false;
        }
    }

    public static void write(Path file, List<CaptureLine> lines) throws IOException {
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            for (CaptureLine l : lines) {
                w.write(format(l));
                w.write('\n');
            }
        }
    }
}
