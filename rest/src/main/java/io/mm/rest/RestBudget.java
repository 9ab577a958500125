package io.mm.rest;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One REST budget per exchange endpoint and JVM (limits are per IP, and every operator instance of a
 * TaskManager shares the IP), so a cold start or a mass resync of hundreds of symbols queues requests instead
 * of getting the IP banned.
 *
 * <p>A request's weight counts from the moment it is sent, in flight or not: in any 60 s no more than
 * {@code weightPerMinute} is sent (a rolling window holds whatever minute boundaries the server counts by), and
 * at most {@code weightPerMinute / 8} is in flight at once, so requests still on their way when the server's
 * minute turns cannot take its count past the budget by more than that. The server's own count of the IP's
 * use (Binance's {@code X-MBX-USED-WEIGHT-1M}, which includes other programs on the IP) is added where it is
 * higher. Every exchange: a minimum spacing of requests, and a pause for {@code Retry-After} on 429 (rate
 * limited) and 418 (IP banned: 2 minutes to 3 days).
 */
public final class RestBudget {
    private static final Logger LOG = LoggerFactory.getLogger(RestBudget.class);
    private static final Map<String, RestBudget> SHARED = new ConcurrentHashMap<>();
    static final long WINDOW_MS = 60_000;
    /** Requests in flight at once where no weights are counted (Kraken, Bitfinex: spacing is their limit). */
    static final int UNWEIGHTED_IN_FLIGHT = 4;

    /** A sent request's place in the budget: {@link #done()} once its answer (or failure) is in. */
    public interface Ticket {
        void done();
    }

    /** Runs tasks later: a scheduler thread, or a simulated clock in tests. */
    interface Timer {
        void schedule(Runnable task, long delayMs);
    }

    private record Pending(int weight, Consumer<Ticket> send) {}

    private final String name;
    private final int weightPerMinute;
    private final long minSpacingMs;
    private final int maxInFlightWeight;
    private final LongSupplier clock;
    private final Timer timer;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** {@code {sentAtMs, weight}} of what was sent in the last 60 s, oldest first. */
    private final ArrayDeque<long[]> sent = new ArrayDeque<>();
    private int windowWeight;
    private int inFlightWeight;
    private long pausedUntilMs;
    private long lastDispatchMs = Long.MIN_VALUE / 2;
    private boolean drainScheduled;

    /**
     * @param weightPerMinute weight spendable in any 60 s (0: no weight accounting, every request weighs 1)
     * @param minSpacingMs    minimum time between two requests
     */
    RestBudget(String name, int weightPerMinute, long minSpacingMs, LongSupplier clock, Timer timer) {
        this.name = name;
        this.weightPerMinute = weightPerMinute;
        this.minSpacingMs = minSpacingMs;
        this.maxInFlightWeight = weightPerMinute > 0 ? Math.max(1, weightPerMinute / 8) : UNWEIGHTED_IN_FLIGHT;
        this.clock = clock;
        this.timer = timer;
    }

    private static RestBudget withSystemClock(String name, int weightPerMinute, long minSpacingMs) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rest-budget-" + name);
            t.setDaemon(true);
            return t;
        });
        return new RestBudget(name, weightPerMinute, minSpacingMs, System::currentTimeMillis,
                (task, delayMs) -> scheduler.schedule(task, delayMs, TimeUnit.MILLISECONDS));
    }

    /** The budget shared by everything in this JVM that calls {@code baseUrl}. */
    public static RestBudget shared(String baseUrl, int weightPerMinute, long minSpacingMs) {
        return SHARED.computeIfAbsent(baseUrl, k -> withSystemClock(k, weightPerMinute, minSpacingMs));
    }

    /**
     * Calls {@code send} (which sends the request) as soon as the budget allows, in submission order, with the
     * ticket that gives its place back when it is answered.
     */
    public synchronized void submit(int weight, Consumer<Ticket> send) {
        queue.add(new Pending(weightPerMinute > 0 ? weight : 1, send));
        drain();
    }

    /** Waits for the budget to let a request of {@code weight} through (blocking callers: one request at a time). */
    public Ticket await(int weight) throws java.io.InterruptedIOException {
        java.util.concurrent.CompletableFuture<Ticket> go = new java.util.concurrent.CompletableFuture<>();
        submit(weight, go::complete);
        try {
            return go.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            go.thenAccept(Ticket::done); // it may still be let through: give its place back then
            throw new java.io.InterruptedIOException("interrupted while waiting for the REST budget");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause()); // complete() is the only way the future ends
        }
    }

    public synchronized int queued() {
        return queue.size();
    }

    private synchronized void drain() {
        drainScheduled = false;
        while (!queue.isEmpty()) {
            long now = clock.getAsLong();
            expire(now);
            Pending p = queue.peek();
            long wait = 0;
            if (now < pausedUntilMs) {
                wait = pausedUntilMs - now;
            } else if (now - lastDispatchMs < minSpacingMs) {
                wait = minSpacingMs - (now - lastDispatchMs);
            } else if (inFlightWeight > 0 && inFlightWeight + p.weight > maxInFlightWeight) {
                return; // an answer gives its place back and drains again
            } else if (weightPerMinute > 0 && windowWeight > 0 && windowWeight + p.weight > weightPerMinute) {
                wait = untilFits(p.weight, now);
            }
            if (wait > 0) {
                later(wait);
                return;
            }
            queue.poll();
            sent.add(new long[] {now, p.weight});
            windowWeight += p.weight;
            inFlightWeight += p.weight;
            lastDispatchMs = now;
            p.send.accept(ticket(p.weight));
        }
    }

    private void later(long delayMs) {
        if (!drainScheduled) {
            drainScheduled = true;
            timer.schedule(this::drain, delayMs);
        }
    }

    private Ticket ticket(int weight) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                release(weight);
            }
        };
    }

    private synchronized void release(int weight) {
        inFlightWeight -= weight;
        if (!queue.isEmpty()) {
            timer.schedule(this::drain, 0); // not from here: send may answer at once, inside drain
        }
    }

    private void expire(long now) {
        while (!sent.isEmpty() && sent.peek()[0] <= now - WINDOW_MS) {
            windowWeight -= (int) sent.poll()[1];
        }
    }

    /** Milliseconds until enough of the window has expired for {@code weight} more. */
    private long untilFits(int weight, long now) {
        int left = windowWeight;
        for (long[] s : sent) {
            left -= (int) s[1];
            if (left + weight <= weightPerMinute) {
                return Math.max(1, s[0] + WINDOW_MS - now + 1);
            }
        }
        return WINDOW_MS;
    }

    /**
     * What the server says the IP has used (Binance's {@code X-MBX-USED-WEIGHT-1M}): more than was sent from here
     * in the last minute means other programs share the IP, and the difference counts as sent now.
     */
    public synchronized void observedWeight(int used) {
        if (weightPerMinute <= 0) {
            return;
        }
        long now = clock.getAsLong();
        expire(now);
        if (used > windowWeight) {
            sent.add(new long[] {now, used - windowWeight});
            windowWeight = used;
        }
    }

    /** A 429 or 418: stop all requests of this endpoint for a while. */
    public synchronized void pause(int status, long retryAfterMs) {
        long until = clock.getAsLong() + retryAfterMs;
        if (until > pausedUntilMs) {
            pausedUntilMs = until;
        }
        if (status == 418) {
            LOG.error("{}: HTTP 418, the IP is banned by the exchange: all REST requests paused for {} s", name, retryAfterMs / 1000);
        } else {
            LOG.warn("{}: HTTP {} rate limited: REST requests paused for {} s", name, status, retryAfterMs / 1000);
        }
        if (!queue.isEmpty()) {
            later(retryAfterMs);
        }
    }

    public synchronized long pausedForMs() {
        return Math.max(0, pausedUntilMs - clock.getAsLong());
    }

    /** Weight sent in the last 60 s. */
    synchronized int windowWeight() {
        expire(clock.getAsLong());
        return windowWeight;
    }
}
