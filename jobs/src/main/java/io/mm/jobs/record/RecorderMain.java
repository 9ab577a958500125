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

    public static void main(String[] args) throws Exception {
        CommandLine cl = new CommandLine(new RecordCommand());
        RecordCommand.addSettingOptions(cl);
        cl.parseArgs(args);
        RecordCommand cmd = cl.getCommand();
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
