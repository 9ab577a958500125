package io.mm.jobs.cluster;

import io.mm.history.cli.CombineCommand;

/**
 * The job jar's entry point for the history combine on a cluster ({@code bin/cluster submit combine},
 * {@code flink run -c io.mm.jobs.cluster.CombineMain}): the settings and flags of {@code bin/mm combine}. The
 * candle job reads the recorded trades where the TaskManagers run (a shared data directory); the combined
 * candles and the mismatch report land in {@code <DATA_DIR>/<exchange>/<SYMBOL_FS>/history/}; the exit status
 * is the verdict (0 agreed, 1 mismatches, 2 unusable).
 */
public final class CombineMain {
    private CombineMain() {}

    public static void main(String[] args) {
        BoundedJobMain.run("combine", new CombineCommand(), args);
    }
}
