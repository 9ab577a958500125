package io.mm.api.client;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket client that prints every message it receives, one line each, and connects again after a close or
 * a failure, waiting {@code backoff} and doubling it up to {@code maxBackoff} (back to the start after a
 * connection that lasted). The JDK's client answers the server's pings. Stops after {@code maxMessages}
 * messages, when {@link #stop} is called, or when the server refuses the request itself (a 4xx other than 404, 408
 * and 429: asking again would be refused again), which {@link #refusal()} then names.
 */
public final class ReconnectingClient {
    private final URI uri;
    private final String token;
    private final PrintStream out;
    private final PrintStream log;
    private final long maxMessages;
    private final Duration backoff;
    private final Duration maxBackoff;
    private final AtomicLong received = new AtomicLong();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile WebSocket ws;
    private volatile boolean stopped;
    private volatile String refusal;

    public ReconnectingClient(URI uri, String token, PrintStream out, PrintStream log, long maxMessages, Duration backoff, Duration maxBackoff) {
        this.uri = uri;
        this.token = token;
        this.out = out;
        this.log = log;
        this.maxMessages = maxMessages;
        this.backoff = backoff;
        this.maxBackoff = maxBackoff;
    }

    public long received() {
        return received.get();
    }

    /** The server's answer when it refused the request for good ("HTTP 400 {...}"), or null. */
    public String refusal() {
        return refusal;
    }

    /** A 4xx asking again cannot change; a 404 can (a symbol appears once the recorder writes it), as can 408 and 429. */
    private static boolean permanent(int status) {
        return status >= 400 && status < 500 && status != 404 && status != 408 && status != 429;
    }

    /** Connects (again and again) until stopped or the message count is reached; returns the messages received. */
    public long run(Duration limit) throws InterruptedException {
        long deadline = limit.isZero() ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
        Duration wait = backoff;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        while (!stopped && System.nanoTime() < deadline) {
            CountDownLatch closed = new CountDownLatch(1);
            long openedAt = System.nanoTime();
            try {
                WebSocket.Builder b = http.newWebSocketBuilder();
                if (token != null && !token.isEmpty()) {
                    b.header("Authorization", "Bearer " + token);
                }
                ws = b.buildAsync(uri, new Listener(closed)).get(15, TimeUnit.SECONDS);
                log.println("connected to " + uri);
                while (!stopped && !closed.await(100, TimeUnit.MILLISECONDS)) {
                    if (System.nanoTime() >= deadline) {
                        stop();
                    }
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                Throwable c = e.getCause() != null ? e.getCause() : e;
                if (c instanceof java.net.http.WebSocketHandshakeException h) {
                    int status = h.getResponse().statusCode();
                    String answer = "HTTP " + status + " " + h.getResponse().body();
                    if (permanent(status)) {
                        refusal = answer; // the caller says it, with the URL
                        break;
                    }
                    log.println("refused: " + answer);
                } else {
                    log.println("cannot connect to " + uri + ": " + (c instanceof java.net.ConnectException ? "connection refused (is the server running?)"
                            : c.getMessage() != null ? c.getClass().getSimpleName() + ": " + c.getMessage() : c.toString()));
                }
            }
            if (stopped || System.nanoTime() >= deadline) {
                break;
            }
            if (System.nanoTime() - openedAt > TimeUnit.SECONDS.toNanos(30)) {
                wait = backoff; // it lasted: start the backoff again
            }
            log.println("reconnecting in " + wait.toMillis() + " ms");
            if (done.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                break;
            }
            wait = wait.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : wait.multipliedBy(2);
        }
        stop();
        return received.get();
    }

    public void stop() {
        stopped = true;
        done.countDown();
        WebSocket w = ws;
        if (w != null) {
            w.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(2, TimeUnit.SECONDS).exceptionally(x -> null);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final CountDownLatch closed;
        private final StringBuilder partial = new StringBuilder();

        Listener(CountDownLatch closed) {
            this.closed = closed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            if (stopped) {
                return null; // what arrives between the client's close and the server's answer is past --count/--duration
            }
            partial.append(data);
            if (last) {
                synchronized (out) {
                    out.println(partial);
                    out.flush();
                }
                partial.setLength(0);
                if (received.incrementAndGet() >= maxMessages) {
                    stop();
                }
            }
            w.request(1);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
            if (!stopped) { // otherwise this is the server's answer to the client's own close
                log.println("closed by the server: " + code + (reason.isEmpty() ? "" : " " + reason));
            }
            closed.countDown();
            return null;
        }

        @Override
        public void onError(WebSocket w, Throwable error) {
            if (!stopped) {
                log.println("connection failed: " + error);
            }
            closed.countDown();
        }
    }
}
