package io.mm.rest;

import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/** A clock and timer that jump from one scheduled task to the next: hours of budget in milliseconds of test. */
final class VirtualTime implements LongSupplier, RestBudget.Timer {
    private record Task(long at, long seq, Runnable run) {}

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    VirtualTime(long startMs) {
        this.now = startMs;
    }

    @Override
    public long getAsLong() {
        return now;
    }

    @Override
    public void schedule(Runnable task, long delayMs) {
        tasks.add(new Task(now + Math.max(0, delayMs), seq++, task));
    }

    /** Runs every task due until {@code untilMs} (or none is left). */
    void runUntil(long untilMs) {
        while (!tasks.isEmpty() && tasks.peek().at <= untilMs) {
            Task t = tasks.poll();
            now = Math.max(now, t.at);
            t.run.run();
        }
    }
}
