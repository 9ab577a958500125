package io.mm.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Cores kept busy over a measured window, by this JVM and by everything else on the machine. On a shared
 * two-core machine a figure is only worth writing down when the others stayed near zero; the load average
 * cannot tell that apart from this JVM's own work.
 *
 * @param jvmCores   this process's CPU time over the window, in cores
 * @param otherCores the machine's busy time ({@code /proc/stat}) minus this process's, in cores; NaN where
 *                   {@code /proc/stat} cannot be read
 */
record CpuUse(double jvmCores, double otherCores) {
    /** What the window starts from. */
    record Mark(long processNanos, long machineBusyTicks) {}

    /** The kernel's clock ticks per second for {@code /proc/stat} (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100;

    static Mark mark() {
        return new Mark(processNanos(), machineBusyTicks());
    }

    static CpuUse since(Mark m, double seconds) {
        double jvm = (processNanos() - m.processNanos()) / 1e9 / seconds;
        long busy = machineBusyTicks();
        double machine = busy < 0 || m.machineBusyTicks() < 0 ? Double.NaN : (busy - m.machineBusyTicks()) / TICKS_PER_SECOND / seconds;
        return new CpuUse(jvm, Math.max(0, machine - jvm));
    }

    private static long processNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** user + nice + system + irq + softirq + steal of all CPUs (idle and iowait left out); -1 if unreadable. */
    private static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
