package io.mm.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The relay benchmark's clients, in a process of their own so the relay's heap holds only what serving them
 * costs: {@code N} WebSocket clients (the JDK's), each subscribed to some symbols, counting messages and the time
 * from each diff's or trade's {@code recv_ts_us} (the recorder's receive time) to its arrival here, in 0.1 ms
 * buckets. Prints {@code connected N} once all are open, then one result line.
 */
public final class RelayLoad {
    private static final int BUCKETS = 100_000; // 0.1 ms each: up to 10 s

    private final AtomicLongArray histogram = new AtomicLongArray(BUCKETS + 1);
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong latencyMessages = new AtomicLong();
    private final AtomicLong closed = new AtomicLong();
    private volatile boolean measuring;

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int clients = Integer.parseInt(args[1]);
        String[] symbols = args[2].split(",");
        int perClient = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        new RelayLoad().run(url, clients, symbols, perClient, warmup, seconds);
    }

    private void run(String url, int clients, String[] symbols, int perClient, int warmup, int seconds) throws Exception {
        ExecutorService callbacks = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "relay-load");
            t.setDaemon(true);
            return t;
        });
        HttpClient http = HttpClient.newBuilder().executor(callbacks).build();
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        List<WebSocket> open = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            StringBuilder s = new StringBuilder();
            for (int k = 0; k < perClient; k++) {
                s.append(k == 0 ? "" : ",").append(symbols[(i + k) % symbols.length]);
            }
            opening.add(http.newWebSocketBuilder().buildAsync(URI.create(url + "&symbols=" + s), new Listener()));
            if (opening.size() >= 50) {
                for (CompletableFuture<WebSocket> f : opening) {
                    open.add(f.get(60, TimeUnit.SECONDS));
                }
                opening.clear();
            }
        }
        for (CompletableFuture<WebSocket> f : opening) {
            open.add(f.get(60, TimeUnit.SECONDS));
        }
        System.out.println("connected " + open.size());
        System.out.flush();
        Thread.sleep(warmup * 1000L);
        long m0 = messages.get();
        measuring = true;
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring = false;
        double secs = (System.nanoTime() - t0) / 1e9;
        long m = messages.get() - m0;
        long n = latencyMessages.get();
        System.out.printf(Locale.ROOT, "result clients=%d closed=%d messages=%d per_second=%.0f latency_samples=%d p50_ms=%.1f p99_ms=%.1f "
                        + "p999_ms=%.1f max_ms=%.1f%n", open.size(), closed.get(), m, m / secs, n, quantile(0.5), quantile(0.99), quantile(0.999),
                quantile(1.0));
        System.out.flush();
        for (WebSocket w : open) {
            w.abort();
        }
        callbacks.shutdownNow();
    }

    private double quantile(double q) {
        long total = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            total += histogram.get(i);
        }
        if (total == 0) {
            return Double.NaN;
        }
        long want = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            seen += histogram.get(i);
            if (seen >= want) {
                return i / 10.0;
            }
        }
        return BUCKETS / 10.0;
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            if (!last) {
                partial.append(data);
                w.request(1);
                return null;
            }
            CharSequence m = data;
            if (partial.length() > 0) {
                partial.append(data);
                m = partial;
            }
            messages.incrementAndGet();
            if (measuring) {
                long ts = recvTs(m);
                if (ts > 0) {
                    long nowUs = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
                    int b = (int) Math.min(BUCKETS, Math.max(0, (nowUs - ts) / 100));
                    histogram.incrementAndGet(b);
                    latencyMessages.incrementAndGet();
                }
            }
            partial.setLength(0);
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
            closed.incrementAndGet();
            return null;
        }

        @Override
        public void onError(WebSocket w, Throwable error) {
            closed.incrementAndGet();
        }
    }

    /** {@code recv_ts_us} of a diff or trade message (the relay writes it in the first hundred characters), else -1. */
    static long recvTs(CharSequence m) {
        int n = Math.min(m.length(), 200);
        String head = m.subSequence(0, n).toString();
        if (!head.contains("\"type\":\"diff\"") && !head.contains("\"type\":\"trade\"")) {
            return -1;
        }
        int at = head.indexOf("\"recv_ts_us\":");
        if (at < 0) {
            return -1;
        }
        long v = 0;
        for (int i = at + 13; i < n && Character.isDigit(head.charAt(i)); i++) {
            v = v * 10 + (head.charAt(i) - '0');
        }
        return v;
    }
}
