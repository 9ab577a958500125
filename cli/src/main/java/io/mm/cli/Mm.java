package io.mm.cli;

import io.mm.api.cli.MetricsClientCommand;
import io.mm.api.cli.MetricsCommand;
import io.mm.api.cli.RelayClientCommand;
import io.mm.api.cli.RelayCommand;
import io.mm.api.cli.RestCommand;
import io.mm.api.cli.ServeCommand;
import io.mm.bench.BenchCommand;
import io.mm.cli.check.CheckCommand;
import io.mm.cli.record.SimulatedRecording;
import io.mm.history.cli.CombineCommand;
import io.mm.history.cli.HistoryCommand;
import io.mm.history.cli.SmokeCommand;
import io.mm.history.cli.SmokeGapCommand;
import io.mm.jobs.record.RecordCommand;
import io.mm.simulator.cli.SimulatorCommand;
import io.mm.validator.ValidateCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/mm}: one entry point for every command of the market-data recorder. Its module sits above the job
 * jar's: what only a workstation runs (serving, the simulator, benchmarks, checks) never reaches a cluster.
 */
@Command(name = "mm", mixinStandardHelpOptions = true, version = "mm 0.1.0",
        description = "Market-data recorder on Apache Flink: record, replay-validate, serve live books and metrics, fetch history, simulate the exchanges.",
        footer = {"", "bin/mm up | status | down: the recorder on a local Flink cluster with what runs beside it (docs/running.md)."},
        subcommands = {RecordCommand.class, ValidateCommand.class, HistoryCommand.class, CombineCommand.class, SmokeCommand.class,
                SmokeGapCommand.class, SimulatorCommand.class, CheckCommand.class, BenchCommand.class, RelayCommand.class,
                RestCommand.class, MetricsCommand.class, ServeCommand.class, RelayClientCommand.class, MetricsClientCommand.class})
public final class Mm implements Runnable {

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Mm());
        RecordCommand.addSettingOptions(cl.getSubcommands().get("record"));
        ((RecordCommand) cl.getSubcommands().get("record").getCommand()).simulation(SimulatedRecording::run);
        cl.setExecutionExceptionHandler(Mm::userError);
        shareVersion(cl, cl.getCommandSpec().version());
        return cl;
    }

    /** {@code bin/mm <command> --version} says the version bin/mm says, not nothing. */
    private static void shareVersion(CommandLine cl, String[] version) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().version().length == 0) {
                sub.getCommandSpec().version(version);
            }
            shareVersion(sub, version);
        }
    }

    /** A logger whose lines go to logs/mm.log and not to the console (log4j2-mm.properties). */
    static final String FAILURE_LOG = "io.mm.cli.CommandFailure";

    /**
     * What a command did not catch itself: a bad value ({@link IllegalArgumentException}) or a file it could not read or
     * write is one line naming the command and the file, exit 2; anything else is a fault of the program (a trace, exit 1).
     */
    static int userError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        String name = cmd.getCommandSpec().qualifiedName();
        org.slf4j.LoggerFactory.getLogger(FAILURE_LOG).info("{} failed", name, e); // the trace, for logs/mm.log only
        if (e instanceof java.nio.file.FileSystemException f) {
            cmd.getErr().println(name + ": " + io.mm.core.config.StorageCheck.reason(f));
            return 2;
        }
        if (e instanceof IllegalArgumentException && e.getMessage() != null) {
            cmd.getErr().println(name + ": " + e.getMessage());
            return 2;
        }
        throw e;
    }

    /** Temporary files go to this process's own directory, removed when it ends: before anything reads java.io.tmpdir. */
    private static void useScratchDir() {
        try {
            Path dir = ScratchDir.open(Paths.get(System.getProperty("java.io.tmpdir")));
            System.setProperty("java.io.tmpdir", dir.toString());
        } catch (IOException | RuntimeException e) {
            // the system's temporary directory as it is: Flink's files stay there
        }
    }

    /**
     * Whether the command's console shows Flink's warnings: those that run the recorder (record, check, and the benches
     * of the recorder, its sink and the relay behind it). The others print their own report only; logs/mm.log has all.
     */
    static boolean flinkOnConsole(String... args) {
        if (args.length == 0) {
            return false;
        }
        return switch (args[0]) {
            case "record", "check" -> true;
            case "bench" -> args.length > 1 && java.util.Set.of("record", "sink", "relay").contains(args[1]);
            default -> false;
        };
    }

    public static void main(String[] args) {
        useScratchDir();
        if (!flinkOnConsole(args)) {
            System.setProperty("mm.console.flink", "OFF"); // before the first logger reads the configuration
        }
        System.exit(commandLine().execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
