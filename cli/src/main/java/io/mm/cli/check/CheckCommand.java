package io.mm.cli.check;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/mm check}: end-to-end checks that need more than a test may take (a standalone cluster of their own). */
@Command(name = "check", mixinStandardHelpOptions = true, subcommands = {ClusterCheck.class, StackCheck.class},
        description = "End-to-end checks on real processes: 'cluster' kills a TaskManager, rescales and replays on a standalone cluster; 'stack' runs bin/mm up, status and down.")
public final class CheckCommand implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
