package io.mm.jobs.cluster;

import java.util.concurrent.Callable;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;

/**
 * What the job jar's bounded entry points ({@link ValidateMain}, {@link CombineMain}) share: they run the same
 * picocli command as {@code bin/mm}, against whatever cluster {@code flink run} points the environment at, and
 * hand its verdict (0 clean, 1 gaps or mismatches, 2 unusable) back as the process's exit status.
 */
public final class BoundedJobMain {
    /** {@code execution.target} when the main method runs inside the JobManager (application mode). */
    private static final String EMBEDDED = "embedded";

    /**
     * Whether this main method runs inside the JobManager (application mode), where an exit would stop it: the job
     * jar's entry points fail the application there instead of exiting (the recorder's {@code RecorderMain} too).
     */
    public static boolean inJobManager() {
        return EMBEDDED.equals(StreamExecutionEnvironment.getExecutionEnvironment().getConfiguration().get(DeploymentOptions.TARGET));
    }

    private BoundedJobMain() {}

    /** Runs {@code command} with {@code args} and ends as {@link #finish} says. */
    static void run(String name, Callable<Integer> command, String[] args) {
        finish(name, new CommandLine(command).execute(args));
    }

    /** Ends with {@code code} as {@link #finish(String, int, boolean)} says, for where this main runs. */
    static void finish(String name, int code) {
        finish(name, code, inJobManager());
    }

    /**
     * Under {@code flink run} (the client) or {@code java -cp} the verdict is the exit status. In application
     * mode the main method runs inside the JobManager, which an exit would stop: there a verdict other than 0
     * fails the application instead, with the code in its message.
     */
    static void finish(String name, int code, boolean inJobManager) {
        if (inJobManager) {
            if (code != 0) {
                throw new IllegalStateException("mm " + name + " ended with exit code " + code + " (1: gaps or mismatches, 2: unusable input)");
            }
            return;
        }
        System.exit(code);
    }
}
