package io.mm.sources.rest;

import io.mm.core.Exchange;
import io.mm.core.clock.RecorderClock;
import io.mm.operators.snapshot.SnapshotFetcher;
import io.mm.operators.snapshot.SnapshotResponse;
import io.mm.rest.HttpClients;
import io.mm.rest.RestBudget;
import io.mm.rest.RestEndpoints;
import io.mm.rest.RestLimits;
import io.mm.rest.RetryAfter;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

/**
 * Fetches book snapshots over REST with OkHttp, asynchronously, each request waiting for its exchange's
 * {@link RestBudget}. 429 and 418 pause the whole endpoint for {@code Retry-After}; every failure (status,
 * timeout, refused connection) is answered to the caller, which decides when to try again.
 */
public final class RestSnapshotFetcher implements SnapshotFetcher {
    private final RestEndpoints endpoints;
    private final RestLimits limits;
    private final OkHttpClient client;
    private final RecorderClock clock;
    private final Counter requests;
    private final Counter failures;
    private volatile boolean closed;

    public RestSnapshotFetcher(RestEndpoints endpoints, RestLimits limits, RecorderClock clock, MetricGroup metrics) {
        this.endpoints = endpoints;
        this.limits = limits;
        this.clock = clock;
        this.client = HttpClients.builder(endpoints.insecureTls())
                .connectTimeout(Duration.ofMillis(limits.timeoutMillis()))
                .readTimeout(Duration.ofMillis(limits.timeoutMillis()))
                .callTimeout(Duration.ofMillis(limits.timeoutMillis() * 2))
                .build();
        this.requests = metrics.counter("restSnapshotRequests", new ThreadSafeSimpleCounter());
        this.failures = metrics.counter("restSnapshotFailures", new ThreadSafeSimpleCounter()); // counted on OkHttp's threads
    }

    RestBudget budget(Exchange e) {
        return switch (e) {
            case BINANCE -> RestBudget.shared(endpoints.base(e), limits.binanceWeightPerMinute(), limits.minSpacingMillis());
            case KRAKEN -> RestBudget.shared(endpoints.base(e), 0, limits.krakenSpacingMillis());
            case BITFINEX -> RestBudget.shared(endpoints.base(e), 0, limits.bitfinexSpacingMillis());
        };
    }

    @Override
    public void fetch(Exchange exchange, String symbol, int limit, Consumer<SnapshotResponse> callback) {
        String url = endpoints.bookSnapshot(exchange, symbol, limit);
        int weight = exchange == Exchange.BINANCE ? RestEndpoints.binanceDepthWeight(limit) : 1;
        RestBudget budget = budget(exchange);
        budget.submit(weight, ticket -> send(url, budget, ticket, callback));
    }

    private void send(String url, RestBudget budget, RestBudget.Ticket ticket, Consumer<SnapshotResponse> callback) {
        if (closed) {
            ticket.done();
            return;
        }
        long sentAt = clock.nowMicros();
        requests.inc();
        client.newCall(new Request.Builder().url(url).build()).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                ticket.done();
                failures.inc();
                callback.accept(new SnapshotResponse(false, null, 0, e.toString(), url, sentAt, clock.nowMicros()));
            }

            @Override
            public void onResponse(Call call, Response response) {
                ticket.done();
                try (ResponseBody b = response.body()) {
                    String body = b.string();
                    String used = response.header("X-MBX-USED-WEIGHT-1M");
                    if (used != null) {
                        try {
                            budget.observedWeight(Integer.parseInt(used.trim()));
                        } catch (NumberFormatException ignored) {
                            // a malformed header is not a reason to drop the answer
                        }
                    }
                    int code = response.code();
                    if (code == 429 || code == 418) {
                        budget.pause(code, RetryAfter.millis(response.header("Retry-After"), code));
                    }
                    boolean ok = response.isSuccessful();
                    if (!ok) {
                        failures.inc();
                    }
                    callback.accept(new SnapshotResponse(ok, body, code, ok ? null : "HTTP " + code, url, sentAt, clock.nowMicros()));
                } catch (IOException e) {
                    failures.inc();
                    callback.accept(new SnapshotResponse(false, null, response.code(), "reading the body: " + e, url, sentAt,
                            clock.nowMicros()));
                }
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
