package io.mm.bench;

import java.lang.management.ManagementFactory;

/** The heap a benchmark's process holds: used bytes after asking for three collections. */
final class Heap {
    private Heap() {}

    static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
