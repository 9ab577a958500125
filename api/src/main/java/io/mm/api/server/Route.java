package io.mm.api.server;

import io.mm.api.catalog.ApiException;
import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;

/** One path the server answers: a GET answered with JSON (or a file), or a WebSocket endpoint. */
public interface Route {
    /** An HTTP answer. */
    record Answer(int status, String contentType, byte[] body) {
        public static Answer json(int status, String json) {
            return new Answer(status, "application/json; charset=UTF-8", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** What a WebSocket client does once the handshake is done. */
    interface Session {
        void opened(Channel ch);

        /** A text message from the client. */
        default void text(Channel ch, String text) {}

        void closed(Channel ch);
    }

    boolean matches(String path);

    default boolean websocket() {
        return false;
    }

    /** A GET; exceptions become 4xx answers. */
    default CompletableFuture<Answer> get(Query q) throws ApiException {
        throw new ApiException(405, "this path is a WebSocket endpoint: connect with ws://");
    }

    /** Checks a WebSocket request before the handshake; the session runs after it. */
    default Session upgrade(Query q) throws ApiException {
        throw new ApiException(400, "this path does not take WebSocket connections");
    }
}
