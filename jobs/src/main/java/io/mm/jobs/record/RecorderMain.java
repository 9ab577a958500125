package io.mm.jobs.record;

import io.mm.core.config.SettingsReader;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;

/**
 * The job jar's entry point for {@code flink run}: the same settings as {@code bin/mm record} (environment
 * variables and flags), submitted to the cluster the Flink CLI points at. Checkpoint storage, restarts and
 * resuming ({@code flink run -s}) are the cluster's: see docs/running.md.
 */
public final class RecorderMain {
    private RecorderMain() {}

    /**
     * The record command's flags as {@code bin/mm record} reads them.
     *
     * @throws CommandLine.ParameterException for a bad flag, and for {@code --simulate}: the simulator runs inside
     *                                        {@code bin/mm record} only, and a cluster job must not quietly record
     *                                        the real exchanges instead
     */
    static RecordCommand parse(String[] args) {
        CommandLine cl = new CommandLine(new RecordCommand());
        RecordCommand.addSettingOptions(cl);
        cl.parseArgs(args);
        RecordCommand cmd = cl.getCommand();
        if (cmd.simulate) {
            throw new CommandLine.ParameterException(cl, "--simulate starts the simulator inside bin/mm record and cannot run on a "
                    + "cluster: start `bin/mm simulator` and give the recorder its URLs (bin/mm up --simulate does both)");
        }
        return cmd;
    }

    public static void main(String[] args) throws Exception {
        RecordCommand cmd = parse(args);
        SettingsReader k = cmd.settings(System.getenv());
        RecordJobSettings c = RecordJobSettings.from(k, RecordJobSettings.newRunId(), System.currentTimeMillis());
        if (!cmd.skipSymbolCheck) {
            RecordCommand.checkSymbols(c);
        }
        Configuration conf = RecorderJob.flinkConfiguration(c);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(k.isSet("PARALLELISM") ? c.parallelism : env.getParallelism());
        RecorderJob.build(env, c);
        env.execute("mm recorder " + c.operator.runId());
    }
}
