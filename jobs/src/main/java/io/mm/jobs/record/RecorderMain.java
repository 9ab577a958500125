package io.mm.jobs.record;

import io.mm.core.config.SettingsReader;
import io.mm.jobs.cluster.BoundedJobMain;
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

    /**
     * Bad flags or settings end {@code flink run} with one line and exit status 2, as {@code bin/mm record}; in
     * application mode (the main method inside the JobManager, which an exit would stop) they fail the application.
     */
    public static void main(String[] args) throws Exception {
        RecordCommand cmd;
        SettingsReader k;
        RecordJobSettings c;
        try {
            cmd = parse(args);
            k = cmd.settings(System.getenv());
            c = RecordJobSettings.from(k, RecordJobSettings.newRunId(), System.currentTimeMillis());
            c.advice().forEach(l -> System.err.println("mm record: warning: " + l));
            DepthLevelsCheck.check(c); // where DATA_DIR is mounted here too: the shared file system of a cluster
            if (!cmd.skipSymbolCheck) {
                RecordCommand.checkSymbols(c);
            }
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            if (BoundedJobMain.inJobManager()) {
                throw e;
            }
            System.err.println("mm record: " + e.getMessage());
            System.exit(2);
            return;
        }
        Configuration conf = RecorderJob.flinkConfiguration(c);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(k.isSet("PARALLELISM") ? c.parallelism : env.getParallelism());
        RecorderJob.build(env, c);
        env.execute("mm recorder " + c.operator.runId());
    }
}
