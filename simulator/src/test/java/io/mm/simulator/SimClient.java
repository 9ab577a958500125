package io.mm.simulator;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/** A real WebSocket client (OkHttp) collecting what a simulator sends, and a plain REST getter. */
final class SimClient implements AutoCloseable {
    static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();

    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CountDownLatch closed = new CountDownLatch(1);
    final CountDownLatch opened = new CountDownLatch(1);
    final AtomicInteger closeCode = new AtomicInteger(-1);
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final AtomicInteger failureStatus = new AtomicInteger(-1);
    final WebSocket ws;

    SimClient(String url) {
        this(HTTP, url);
    }

    SimClient(OkHttpClient http, String url) {
        ws = http.newWebSocket(new Request.Builder().url(url).build(), new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                opened.countDown();
            }

            @Override
            public void onMessage(WebSocket webSocket, String text) {
                messages.add(text);
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                closeCode.set(code);
                webSocket.close(1000, null);
            }

            @Override
            public void onClosed(WebSocket webSocket, int code, String reason) {
                closeCode.compareAndSet(-1, code);
                closed.countDown();
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                failure.set(t);
                if (response != null) {
                    failureStatus.set(response.code());
                }
                opened.countDown();
                closed.countDown();
            }
        });
    }

    void send(String text) {
        if (!ws.send(text)) {
            throw new IllegalStateException("websocket not open");
        }
    }

    /** The next message, or an AssertionError after the timeout. */
    String next(long timeoutMs) throws InterruptedException {
        String m = messages.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (m == null) {
            throw new AssertionError("no message within " + timeoutMs + " ms" + (failure.get() == null ? "" : " (failed: " + failure.get() + ")"));
        }
        return m;
    }

    /** The next message containing {@code part}, skipping others. */
    String nextContaining(String part, long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (true) {
            long left = end - System.currentTimeMillis();
            String m = left <= 0 ? null : messages.poll(left, TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new AssertionError("no message containing " + part + " within " + timeoutMs + " ms");
            }
            if (m.contains(part)) {
                return m;
            }
        }
    }

    boolean awaitClosed(long timeoutMs) throws InterruptedException {
        return closed.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    record Answer(int status, String body, okhttp3.Headers headers, long millis) {}

    static Answer get(String url) throws IOException {
        return get(HTTP, url);
    }

    static Answer get(OkHttpClient http, String url) throws IOException {
        long t0 = System.nanoTime();
        try (Response r = http.newCall(new Request.Builder().url(url).build()).execute()) {
            return new Answer(r.code(), r.body().string(), r.headers(), (System.nanoTime() - t0) / 1_000_000);
        }
    }

    static Answer post(String url, String json) throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(url)
                .post(okhttp3.RequestBody.create(json, okhttp3.MediaType.get("application/json"))).build()).execute()) {
            return new Answer(r.code(), r.body().string(), r.headers(), 0);
        }
    }

    @Override
    public void close() {
        ws.cancel();
    }
}
