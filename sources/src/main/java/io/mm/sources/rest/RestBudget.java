package io.mm.sources.rest;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One REST budget per exchange endpoint and JVM (limits are per IP, and every operator instance of a
 * TaskManager shares the IP), so a cold start or a mass resync of hundreds of symbols queues requests instead
 * of getting the IP banned.
 *
 * <p>Binance: request weight per minute, tracked locally and corrected by the {@code X-MBX-USED-WEIGHT-1M}
 * header of every answer, spent up to a safety fraction of the limit. Every exchange: a minimum spacing of
 * requests, and a pause for {@code Retry-After} on 429 (rate limited) and 418 (IP banned: 2 minutes to 3 days).
 */
public final class RestBudget {
    private static final Logger LOG = LoggerFactory.getLogger(RestBudget.class);
    private static final Map<String, RestBudget> SHARED = new ConcurrentHashMap<>();

    private final String name;
    private final int weightPerMinute;
    private final long minSpacingMs;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final ScheduledExecutorService scheduler;

    private long minute;
    private int usedThisMinute;
    private long pausedUntilMs;
    private long lastDispatchMs;
    private boolean drainScheduled;

    private record Pending(int weight, Runnable dispatch) {}

    /**
     * @param weightPerMinute weight spendable per minute (0: no weight accounting)
     * @param minSpacingMs    minimum time between two requests
     */
    RestBudget(String name, int weightPerMinute, long minSpacingMs) {
        this.name = name;
        this.weightPerMinute = weightPerMinute;
        this.minSpacingMs = minSpacingMs;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rest-budget-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** The budget shared by everything in this JVM that calls {@code baseUrl}. */
    public static RestBudget shared(String baseUrl, int weightPerMinute, long minSpacingMs) {
        return SHARED.computeIfAbsent(baseUrl, k -> new RestBudget(k, weightPerMinute, minSpacingMs));
    }

    /** Runs {@code dispatch} (which sends the request) as soon as the budget allows, in submission order. */
    public synchronized void submit(int weight, Runnable dispatch) {
        queue.add(new Pending(weight, dispatch));
        drain();
    }

    public synchronized int queued() {
        return queue.size();
    }

    private synchronized void drain() {
        drainScheduled = false;
        while (!queue.isEmpty()) {
            long now = System.currentTimeMillis();
            long wait = 0;
            if (now < pausedUntilMs) {
                wait = pausedUntilMs - now;
            } else if (now - lastDispatchMs < minSpacingMs) {
                wait = minSpacingMs - (now - lastDispatchMs);
            } else if (weightPerMinute > 0) {
                rollMinute(now);
                if (usedThisMinute + queue.peek().weight > weightPerMinute && usedThisMinute > 0) {
                    wait = 60_000 - now % 60_000 + 50;
                }
            }
            if (wait > 0) {
                if (!drainScheduled) {
                    drainScheduled = true;
                    scheduler.schedule(this::drain, wait, TimeUnit.MILLISECONDS);
                }
                return;
            }
            Pending p = queue.poll();
            usedThisMinute += p.weight;
            lastDispatchMs = now;
            p.dispatch.run();
        }
    }

    private void rollMinute(long now) {
        long m = now / 60_000;
        if (m != minute) {
            minute = m;
            usedThisMinute = 0;
        }
    }

    /** What the server says the IP has used this minute (Binance's {@code X-MBX-USED-WEIGHT-1M}). */
    public synchronized void observedWeight(int used) {
        rollMinute(System.currentTimeMillis());
        usedThisMinute = Math.max(usedThisMinute, used);
    }

    /** A 429 or 418: stop all requests of this endpoint for a while. */
    public synchronized void pause(int status, long retryAfterMs) {
        long until = System.currentTimeMillis() + retryAfterMs;
        if (until > pausedUntilMs) {
            pausedUntilMs = until;
        }
        if (status == 418) {
            LOG.error("{}: HTTP 418, the IP is banned by the exchange: all REST requests paused for {} s", name, retryAfterMs / 1000);
        } else {
            LOG.warn("{}: HTTP {} rate limited: REST requests paused for {} s", name, status, retryAfterMs / 1000);
        }
    }

    public synchronized long pausedForMs() {
        return Math.max(0, pausedUntilMs - System.currentTimeMillis());
    }
}
