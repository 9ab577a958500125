package io.mm.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;

/**
 * Where each task of the job spends its time while measured, from Flink's own task metrics
 * ({@code busyTimeMsPerSecond}, {@code backPressuredTimeMsPerSecond}, {@code idleTimeMsPerSecond}), sampled once a
 * second and averaged over the window and the task's subtasks. It tells a task that cannot keep up (busy) from one
 * held back by the task after it (back-pressured) and from one waiting for input (idle).
 */
final class TaskTimes {
    private static final String[] KINDS = {"busyTimeMsPerSecond", "backPressuredTimeMsPerSecond", "idleTimeMsPerSecond"};

    private final String jobScope;
    /** task name -> {busy, back-pressured, idle} sums over samples and subtasks, and the number of values summed. */
    private final Map<String, double[]> sums = new TreeMap<>();

    TaskTimes(String jobName) {
        this.jobScope = "." + jobName + ".";
    }

    void sample(Map<String, Metric> metrics) {
        for (Map.Entry<String, Metric> e : metrics.entrySet()) {
            String id = e.getKey();
            int job = id.indexOf(jobScope);
            for (int k = 0; k < KINDS.length && job >= 0; k++) {
                // only these gauges are read: others are not safe to read from another thread (the committer's
                // pendingCommittables walks a map its task thread changes)
                if (id.endsWith("." + KINDS[k]) && e.getValue() instanceof Gauge<?> g && g.getValue() instanceof Number v) {
                    // <job>.<task name>.<subtask>.<metric>: task names may hold dots, subtask indexes do not (and source
                    // splits' own idle time, <task>.<subtask>.split.<id>.<metric>, is not a task's)
                    String rest = id.substring(job + jobScope.length(), id.length() - KINDS[k].length() - 1);
                    int dot = rest.lastIndexOf('.');
                    if (dot > 0 && rest.substring(dot + 1).chars().allMatch(Character::isDigit)) {
                        double[] s = sums.computeIfAbsent(rest.substring(0, dot), x -> new double[KINDS.length * 2]);
                        s[k] += v.doubleValue();
                        s[KINDS.length + k]++;
                    }
                }
            }
        }
    }

    void print(PrintStream out) {
        out.println("task time while measured (ms per second, mean of subtasks): busy / back-pressured / idle");
        sums.forEach((task, s) -> out.printf(Locale.ROOT, "  %-60s %4.0f / %4.0f / %4.0f%n", task.length() > 60 ? task.substring(0, 57) + "..." : task,
                mean(s, 0), mean(s, 1), mean(s, 2)));
    }

    private static double mean(double[] s, int k) {
        double n = s[KINDS.length + k];
        return n == 0 ? Double.NaN : s[k] / n;
    }
}
