package io.mm.jobs.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A relay client for tests: the JDK's WebSocket, every message kept in arrival order. */
public final class RelayTestClient implements WebSocket.Listener, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final List<JsonNode> messages = Collections.synchronizedList(new ArrayList<>());
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket ws;
    volatile boolean closed;

    public RelayTestClient(String uri) throws Exception {
        this.ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(uri), this).get(20, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                messages.add(JSON.readTree(partial.toString()));
            } catch (Exception e) {
                throw new IllegalStateException("not JSON: " + partial, e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed = true;
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed = true;
    }

    public List<JsonNode> snapshot() {
        synchronized (messages) {
            return new ArrayList<>(messages);
        }
    }

    /** The recv_seq of the newest diff or trade, -1 before any. */
    public long lastLineSeq() {
        List<JsonNode> m = snapshot();
        for (int i = m.size() - 1; i >= 0; i--) {
            String t = m.get(i).path("type").asText();
            if (t.equals("diff") || t.equals("trade")) {
                return m.get(i).get("recv_seq").asLong();
            }
        }
        return -1;
    }

    @Override
    public void close() {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null);
    }
}
