package io.mm.jobs;

import io.mm.api.cli.MetricsClientCommand;
import io.mm.api.cli.MetricsCommand;
import io.mm.api.cli.RelayClientCommand;
import io.mm.api.cli.RelayCommand;
import io.mm.api.cli.RestCommand;
import io.mm.api.cli.ServeCommand;
import io.mm.history.cli.CombineCommand;
import io.mm.history.cli.HistoryCommand;
import io.mm.history.cli.SmokeCommand;
import io.mm.history.cli.SmokeGapCommand;
import io.mm.jobs.check.CheckCommand;
import io.mm.jobs.record.RecordCommand;
import io.mm.jobs.serve.HistoryCandleSource;
import io.mm.simulator.cli.SimulatorCommand;
import io.mm.validator.ValidateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/mm}: one entry point for every command of the market-data recorder. */
@Command(name = "mm", mixinStandardHelpOptions = true, version = "mm 0.1.0",
        description = "Market-data recorder on Apache Flink: record, replay-validate, simulate, fetch history.",
        footer = {"", "bin/mm up | status | down: the recorder on a local Flink cluster with what runs beside it (docs/running.md)."},
        subcommands = {RecordCommand.class, ValidateCommand.class, HistoryCommand.class, CombineCommand.class, SmokeCommand.class,
                SmokeGapCommand.class, SimulatorCommand.class, CheckCommand.class, RelayCommand.class,
                RestCommand.class, MetricsCommand.class, ServeCommand.class, RelayClientCommand.class, MetricsClientCommand.class})
public final class Mm implements Runnable {

    /** {@code bin/mm bench}: the bench module, on bin/mm's classpath and never in the job jar, which has no such command. */
    static final String BENCH_COMMAND = "io.mm.bench.BenchCommand";

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Mm());
        try {
            cl.addSubcommand(Class.forName(BENCH_COMMAND).getConstructor().newInstance());
        } catch (ClassNotFoundException absent) {
            // the job jar's classpath: the recorder and the bounded jobs only
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + BENCH_COMMAND, e);
        }
        RecordCommand.addSettingOptions(cl.getSubcommands().get("record"));
        // serving depends on core only; the exchanges' REST history comes from here
        ((MetricsCommand) cl.getSubcommands().get("metrics").getCommand()).candleSource(HistoryCandleSource.lazy(System.getenv()));
        ((ServeCommand) cl.getSubcommands().get("serve").getCommand()).candleSource(HistoryCandleSource.lazy(System.getenv()));
        return cl;
    }

    /** Commands whose console shows Flink's warnings; the others print their own report only (the rest is in logs/mm.log). */
    static final java.util.Set<String> FLINK_ON_CONSOLE = java.util.Set.of("record", "bench", "check");

    public static void main(String[] args) {
        if (args.length == 0 || !FLINK_ON_CONSOLE.contains(args[0])) {
            System.setProperty("mm.console.flink", "OFF"); // before the first logger reads the configuration
        }
        System.exit(commandLine().execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
