package io.mm.history.fetch;

import io.mm.core.Exchange;
import io.mm.core.config.SettingsReader;
import io.mm.rest.RestBudget;
import io.mm.rest.RetryAfter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocking GETs for history paging, each waiting for its exchange's {@link RestBudget} (the same JVM-wide budget
 * the recorder's snapshot fetches spend, so a back-fill next to a running recorder cannot get the IP banned).
 *
 * <p>429 and 418 pause the whole endpoint for {@code Retry-After} and the request is sent again, unless the
 * pause is longer than {@code maxPause} (a 418 ban can last days: better to say so and stop). Transport errors,
 * 5xx, Kraken's {@code EAPI:Rate limit exceeded} and Bitfinex's maintenance answer are retried with exponential
 * backoff and jitter, up to {@code maxRetries} times. Anything else (an unknown symbol, a bad parameter) fails at
 * once with the exchange's own message. Every retry is logged and counted ({@link #stats()}).
 */
public final class HistoryHttp implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryHttp.class);

    private final OkHttpClient client;
    private final Limits limits;
    private final Stats stats = new Stats();

    /**
     * @param binanceWeightPerMinute request weight spent per minute at most (Binance allows 6000)
     * @param krakenSpacingMs        minimum time between two Kraken requests (public REST: about 1/s)
     * @param bitfinexSpacingMs      minimum time between two Bitfinex requests (candles: 30-90/min)
     * @param maxRetries             retries of one request after transport errors, 5xx and maintenance
     * @param backoffBaseMs          first backoff; doubles per retry up to 30 s, with jitter
     * @param maxPauseMs             the longest 429/418 pause waited out before giving up
     */
    public record Limits(int binanceWeightPerMinute, long krakenSpacingMs, long bitfinexSpacingMs, int maxRetries, long backoffBaseMs,
                         long maxPauseMs, long timeoutMs) {
        public static Limits defaults() {
            return new Limits(4800, 1000, 2000, 6, 500, 300_000, 15_000);
        }

        /** The defaults, with what the settings say instead: every command that fetches history reads these. */
        public static Limits from(SettingsReader k) {
            Limits d = defaults();
            return new Limits(k.integer("BINANCE_WEIGHT_LIMIT", d.binanceWeightPerMinute(), 1, 1_000_000),
                    k.longInteger("KRAKEN_REST_SPACING_MS", d.krakenSpacingMs(), 0, 60_000),
                    k.longInteger("BITFINEX_REST_SPACING_MS", d.bitfinexSpacingMs(), 0, 60_000),
                    k.integer("HISTORY_MAX_RETRIES", d.maxRetries(), 0, 100), k.longInteger("HISTORY_BACKOFF_MS", d.backoffBaseMs(), 1, 60_000),
                    (long) (k.seconds("HISTORY_MAX_PAUSE_S", d.maxPauseMs() / 1000.0, 0) * 1000), d.timeoutMs());
        }
    }

    /** What the requests went through, for the summary a user sees. */
    public static final class Stats {
        public final AtomicLong requests = new AtomicLong();
        public final AtomicLong retries = new AtomicLong();
        public final AtomicLong rateLimited = new AtomicLong();
        public final AtomicLong banned = new AtomicLong();
        public final AtomicLong serverErrors = new AtomicLong();

        @Override
        public String toString() {
            return requests.get() + " requests, " + retries.get() + " retries (" + rateLimited.get() + " x 429, " + banned.get() + " x 418, "
                    + serverErrors.get() + " x 5xx/maintenance/transport)";
        }
    }

    /** The exchange refused the request for good (unknown symbol, bad parameter, a ban longer than allowed). */
    public static final class HistoryRequestException extends IOException {
        public HistoryRequestException(String message) {
            super(message);
        }
    }

    /** A request that failed every retry; the message names the URL and the last problem, the cause is the last transport error. */
    public static final class GaveUpException extends io.mm.core.candle.SourceUnavailableException {
        public GaveUpException(String message, IOException cause) {
            super(message, cause);
        }
    }

    public HistoryHttp(Limits limits) {
        this(limits, false);
    }

    /** @param insecureTls {@code INSECURE_TLS=1}: accept any certificate (local debugging only) */
    public HistoryHttp(Limits limits, boolean insecureTls) {
        this.limits = limits;
        this.client = io.mm.rest.HttpClients.builder(insecureTls).callTimeout(Duration.ofMillis(limits.timeoutMs))
                .connectTimeout(Duration.ofMillis(Math.min(limits.timeoutMs, 10_000))).retryOnConnectionFailure(false).build();
    }

    public Stats stats() {
        return stats;
    }

    private RestBudget budget(Exchange e, String baseUrl) {
        return switch (e) {
            case BINANCE -> RestBudget.shared(baseUrl, limits.binanceWeightPerMinute, 20);
            case KRAKEN -> RestBudget.shared(baseUrl, 0, limits.krakenSpacingMs);
            case BITFINEX -> RestBudget.shared(baseUrl, 0, limits.bitfinexSpacingMs);
        };
    }

    /**
     * GETs {@code baseUrl + pathAndQuery} once the budget allows and returns the body of the first good answer.
     *
     * @param weight the request's Binance weight (ignored for the others)
     */
    public String get(Exchange e, String baseUrl, String pathAndQuery, int weight) throws IOException {
        RestBudget budget = budget(e, baseUrl);
        String url = baseUrl + pathAndQuery;
        int failures = 0;
        while (true) {
            RestBudget.Ticket ticket = budget.await(weight);
            stats.requests.incrementAndGet();
            String problem;
            IOException lastIo = null; // the cause handed on when giving up (an unknown host, a refused connection)
            try (Response r = client.newCall(new Request.Builder().url(url).get().build()).execute()) {
                ResponseBody b = r.body();
                String body = b == null ? "" : b.string();
                String used = r.header("X-MBX-USED-WEIGHT-1M");
                if (used != null) {
                    try {
                        budget.observedWeight(Integer.parseInt(used.trim()));
                    } catch (NumberFormatException ignored) {
                        // a header we cannot read changes nothing: the local count still holds
                    }
                }
                int code = r.code();
                if (code == 429 || code == 418) {
                    long pause = RetryAfter.millis(r.header("Retry-After"), code);
                    (code == 418 ? stats.banned : stats.rateLimited).incrementAndGet();
                    if (pause > limits.maxPauseMs) {
                        throw new HistoryRequestException(e.id() + " answered HTTP " + code + (code == 418 ? " (IP banned)" : " (rate limited)")
                                + " with Retry-After " + pause / 1000 + " s, longer than the " + limits.maxPauseMs / 1000
                                + " s this run waits: " + url);
                    }
                    budget.pause(code, pause);
                    stats.retries.incrementAndGet();
                    continue; // a pause is not a failure of this request: the budget holds it back, then it goes again
                }
                if (code >= 500) {
                    problem = "HTTP " + code + " " + abbreviate(body);
                } else if (code != 200) {
                    throw new HistoryRequestException(e.id() + " refused " + url + ": HTTP " + code + " " + abbreviate(body));
                } else {
                    problem = bodyProblem(e, url, body);
                    if (problem == null) {
                        return body;
                    }
                }
            } catch (InterruptedIOException ex) {
                if (Thread.currentThread().isInterrupted()) {
                    throw ex;
                }
                problem = "timeout: " + ex.getMessage();
            } catch (HistoryRequestException ex) {
                throw ex;
            } catch (IOException ex) {
                problem = ex.getClass().getSimpleName() + ": " + ex.getMessage();
                lastIo = ex;
            } finally {
                ticket.done();
            }
            stats.serverErrors.incrementAndGet();
            if (++failures > limits.maxRetries) {
                throw new GaveUpException(e.id() + ": giving up on " + url + " after " + failures + " attempts: " + problem, lastIo);
            }
            long backoff = backoffMs(failures);
            stats.retries.incrementAndGet();
            LOG.warn("{}: {} on {}; retry {}/{} in {} ms", e.id(), problem, url, failures, limits.maxRetries, backoff);
            sleep(backoff);
        }
    }

    /**
     * Errors sent with HTTP 200. Kraken: {@code {"error":["EAPI:Rate limit exceeded"]}} (retried) or any other
     * error (fatal). Bitfinex: {@code ["error",20060,"maintenance"]} (retried) or another code (fatal).
     *
     * @return null when the body is an answer, else the retryable problem
     */
    private static String bodyProblem(Exchange e, String url, String body) throws HistoryRequestException {
        switch (e) {
            case KRAKEN -> {
                int i = body.indexOf("\"error\":[");
                if (i >= 0 && body.charAt(i + 9) != ']') {
                    String err = body.substring(i + 9, Math.max(i + 9, body.indexOf(']', i)));
                    if (err.contains("EAPI:Rate limit") || err.contains("EService:Unavailable") || err.contains("EService:Busy")) {
                        return "Kraken " + err;
                    }
                    throw new HistoryRequestException("kraken refused " + url + ": " + err);
                }
            }
            case BITFINEX -> {
                if (body.startsWith("[\"error\"")) {
                    if (body.contains("20060") || body.contains("maintenance")) {
                        return "Bitfinex maintenance " + body;
                    }
                    throw new HistoryRequestException("bitfinex refused " + url + ": " + abbreviate(body));
                }
            }
            case BINANCE -> {
                // Binance reports errors with a non-200 status
            }
        }
        return null;
    }

    private long backoffMs(int failures) {
        long exp = Math.min(30_000, limits.backoffBaseMs << Math.min(16, failures - 1));
        return exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
    }

    private static void sleep(long ms) throws InterruptedIOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during backoff");
        }
    }

    private static String abbreviate(String body) {
        String b = body.replace('\n', ' ');
        return b.length() > 300 ? b.substring(0, 300) + "..." : b;
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
