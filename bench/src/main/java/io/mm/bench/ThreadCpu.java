package io.mm.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The process's CPU while measured, by what the threads do (the JVM holds the simulator and the whole job):
 * Flink's task times say when a task waits, this says which work fills the two cores. Threads are grouped by
 * name; what no Java thread accounts for (garbage collection, the JIT, the JVM itself) is the remainder of the
 * process's CPU time. A thread that ends inside the window loses its part to that remainder.
 */
final class ThreadCpu {
    /** Name prefix -> group, first match wins; in print order. */
    private static final Map<String, String> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("sim-market", "simulator: market thread");
        GROUPS.put("multiThreadIoEventLoopGroup", "simulator: WebSocket server (Netty)");
        GROUPS.put("OkHttp", "sources: socket readers (OkHttp)");
        GROUPS.put("Source: ", "sources: tasks");
        GROUPS.put("book-sync", "book operator + day-file writer tasks");
        GROUPS.put("day-file-stager", "day files: staging threads");
        GROUPS.put("day files: Committer", "day files: committer tasks");
        GROUPS.put("day-file-committer", "day files: committer's compressing threads");
        GROUPS.put("main", "benchmark (reading metrics)");
    }

    /** One thread's CPU while measured. */
    record ThreadUse(String name, long cpuNanos) {}

    private static final String OTHER_THREADS = "other Java threads (Flink, metrics, REST, ...)";
    private static final String NOT_THREADS = "GC, JIT, JVM (the rest of the process)";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> startByThread = new HashMap<>();
    private final long startProcess;
    private final long startWall;

    ThreadCpu() {
        this.startWall = System.nanoTime();
        this.startProcess = processCpuNanos();
        for (long id : threads.getAllThreadIds()) {
            long t = threads.getThreadCpuTime(id);
            if (t >= 0) {
                startByThread.put(id, t);
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static String group(String threadName) {
        for (Map.Entry<String, String> g : GROUPS.entrySet()) {
            if (threadName.startsWith(g.getKey())) {
                return g.getValue();
            }
        }
        return OTHER_THREADS;
    }

    /** CPU per group since construction, in cores (CPU seconds per second) and microseconds per message, as printable lines. */
    String report(long messages) {
        double wall = (System.nanoTime() - startWall) / 1e9;
        long process = processCpuNanos() - startProcess;
        List<ThreadUse> used = new ArrayList<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long now = threads.getThreadCpuTime(info.getThreadId());
            if (now < 0) {
                continue;
            }
            used.add(new ThreadUse(info.getThreadName(), now - startByThread.getOrDefault(info.getThreadId(), 0L)));
        }
        return format(used, process, wall, Runtime.getRuntime().availableProcessors(), messages);
    }

    /**
     * The report of measured figures: each thread's CPU, and the process's CPU over {@code wallSeconds}. Every group has its
     * line, in print order; what the threads do not account for is the JVM's own line.
     */
    static String format(List<ThreadUse> used, long processNanos, double wallSeconds, int cores, long messages) {
        Map<String, Long> byGroup = new LinkedHashMap<>();
        GROUPS.values().forEach(g -> byGroup.put(g, 0L));
        byGroup.put(OTHER_THREADS, 0L);
        long javaThreads = 0;
        for (ThreadUse t : used) {
            byGroup.merge(group(t.name()), t.cpuNanos(), Long::sum);
            javaThreads += t.cpuNanos();
        }
        byGroup.put(NOT_THREADS, Math.max(0, processNanos - javaThreads));
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "CPU while measured: %.2f cores (of %d), %.1f us per message recorded%n",
                processNanos / 1e9 / wallSeconds, cores, messages == 0 ? Double.NaN : processNanos / 1e3 / messages));
        byGroup.forEach((g, n) -> out.append(String.format(Locale.ROOT, "  %-50s %5.2f cores %6.1f us/msg%n", g, n / 1e9 / wallSeconds,
                messages == 0 ? Double.NaN : n / 1e3 / messages)));
        return out.toString();
    }
}
