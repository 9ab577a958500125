package io.mm.api.server;

import java.util.List;

/**
 * What every serving command shares: where to listen and what a client may do.
 *
 * @param host            bind address (127.0.0.1 unless opened on purpose)
 * @param port            port (0: any free one)
 * @param token           {@code API_TOKEN}: when set, every request must carry it (bearer header or {@code token}
 *                        parameter), else 401
 * @param allowedOrigins  browser origins allowed (a request without {@code Origin}, or from the server's own host,
 *                        always is); {@code *} allows any
 * @param maxClients      open WebSocket clients at most; beyond, 503
 * @param maxSymbols      symbols one request may name
 * @param maxQueryLength  longest request target (path and query), else 414
 * @param pingSeconds     how often WebSocket clients are pinged
 * @param idleSeconds     a WebSocket client that sent nothing (not even a pong) for this long is closed
 * @param clientQueueBytes a client's bounded queue: messages it has not taken yet, at most; beyond, it is dropped
 */
public record ApiSettings(String host, int port, String token, List<String> allowedOrigins, int maxClients, int maxSymbols,
                          int maxQueryLength, int pingSeconds, int idleSeconds, int clientQueueBytes) {

    public ApiSettings withPort(int p) {
        return new ApiSettings(host, p, token, allowedOrigins, maxClients, maxSymbols, maxQueryLength, pingSeconds, idleSeconds,
                clientQueueBytes);
    }

    public static ApiSettings defaults(int port) {
        return new ApiSettings("127.0.0.1", port, null, List.of(), 5000, 20, 2048, 20, 60, 1 << 20);
    }
}
