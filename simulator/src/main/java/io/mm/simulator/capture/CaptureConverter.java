package io.mm.simulator.capture;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns real captures in other tools' formats into the simulator's capture format:
 * <ul>
 *   <li>cryptofeed's Binance samples: a WebSocket log ({@code <url> <-> <t0>} then {@code <recv time s>: <frame>})
 *   and a REST log ({@code <url> -> <time s>: <body>})</li>
 *   <li>python-kraken-sdk's v2 book fixtures ({@code {"init": <snapshot>, "updates": [...]}}), optionally after a
 *   Kraken {@code instrument} snapshot frame; times come from the updates' {@code timestamp}</li>
 *   <li>an NDJSON list of Bitfinex WS frames (the Go client's test replay), one millisecond apart</li>
 * </ul>
 * JSON payloads are re-written compactly with their numbers' text kept exactly ({@code 4.0}, {@code 1E-8}).
 */
public final class CaptureConverter {
    private static final ObjectMapper EXACT = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();

    private CaptureConverter() {}

    /** Binance WebSocket and REST logs as cryptofeed writes them. */
    public static List<CaptureLine> binanceCryptofeed(Path wsLog, Path restLog) throws IOException {
        List<CaptureLine> out = new ArrayList<>();
        List<String> ws = Files.readAllLines(wsLog, StandardCharsets.UTF_8);
        if (ws.isEmpty() || !ws.get(0).contains(" <-> ")) {
            throw new IOException(wsLog + ":1: expected '<url> <-> <time>' naming the stream URL");
        }
        String wsPath = "/binance" + pathAndQuery(ws.get(0).substring(0, ws.get(0).indexOf(" <-> ")), wsLog, 1);
        for (int i = 1; i < ws.size(); i++) {
            String l = ws.get(i);
            if (l.isBlank()) {
                continue;
            }
            int c = l.indexOf(": ");
            if (c < 0) {
                throw new IOException(wsLog + ":" + (i + 1) + ": expected '<time>: <frame>'");
            }
            out.add(new CaptureLine(millis(l.substring(0, c), wsLog, i + 1), CaptureLine.Kind.WS, wsPath, l.substring(c + 2)));
        }
        if (restLog != null) {
            List<String> rest = Files.readAllLines(restLog, StandardCharsets.UTF_8);
            for (int i = 0; i < rest.size(); i++) {
                String l = rest.get(i);
                if (l.isBlank()) {
                    continue;
                }
                int arrow = l.indexOf(" -> ");
                int c = arrow < 0 ? -1 : l.indexOf(": ", arrow);
                if (c < 0) {
                    throw new IOException(restLog + ":" + (i + 1) + ": expected '<url> -> <time>: <body>'");
                }
                out.add(new CaptureLine(millis(l.substring(arrow + 4, c), restLog, i + 1), CaptureLine.Kind.REST,
                        "/binance" + pathAndQuery(l.substring(0, arrow), restLog, i + 1), l.substring(c + 2)));
            }
        }
        out.sort(Comparator.comparingLong(CaptureLine::tsMs));
        return out;
    }

    private static String pathAndQuery(String url, Path file, int line) throws IOException {
        try {
            URI u = URI.create(url.trim());
            return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ":" + line + ": not a URL: " + url);
        }
    }

    private static long millis(String seconds, Path file, int line) throws IOException {
        try {
            return new java.math.BigDecimal(seconds.trim()).movePointRight(3).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IOException(file + ":" + line + ": '" + seconds + "' is not a time in seconds");
        }
    }

    /** A Kraken v2 book session ({@code init} + {@code updates}), after the instrument snapshot when one is given. */
    public static List<CaptureLine> krakenSession(Path session, Path instrumentSnapshot) throws IOException {
        JsonNode s = EXACT.readTree(session.toFile());
        if (s == null || !s.has("init") || !s.path("updates").isArray()) {
            throw new IOException(session + ": expected an object with 'init' and 'updates'");
        }
        List<JsonNode> updates = new ArrayList<>();
        s.get("updates").forEach(updates::add);
        long first = updates.isEmpty() ? 0 : timestamp(updates.get(0), session);
        List<CaptureLine> out = new ArrayList<>();
        if (instrumentSnapshot != null) {
            out.add(new CaptureLine(first - 2, CaptureLine.Kind.WS, "/kraken/v2", EXACT.writeValueAsString(EXACT.readTree(instrumentSnapshot.toFile()))));
        }
        out.add(new CaptureLine(first - 1, CaptureLine.Kind.WS, "/kraken/v2", EXACT.writeValueAsString(s.get("init"))));
        long last = first;
        for (JsonNode u : updates) {
            last = Math.max(last, timestamp(u, session));
            out.add(new CaptureLine(last, CaptureLine.Kind.WS, "/kraken/v2", EXACT.writeValueAsString(u)));
        }
        return out;
    }

    private static long timestamp(JsonNode frame, Path file) throws IOException {
        JsonNode t = frame.path("data").path(0).path("timestamp");
        if (!t.isTextual()) {
            throw new IOException(file + ": an update without data[0].timestamp: " + frame);
        }
        return Instant.parse(t.asText()).toEpochMilli();
    }

    /** Bitfinex frames, one per line, received one millisecond apart from {@code startMs}. */
    public static List<CaptureLine> bitfinexFrames(Path ndjson, long startMs) throws IOException {
        List<CaptureLine> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(ndjson, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).trim();
            if (!l.isEmpty()) {
                out.add(new CaptureLine(startMs + i, CaptureLine.Kind.WS, "/bitfinex/ws/2", l));
            }
        }
        return out;
    }
}
