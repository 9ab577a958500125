package io.mm.cli.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The project's scripts ({@code bin/cluster}, {@code bin/mm}) run as a user runs them, from the project's root,
 * each with its output in a log file under the check's work directory; and waiting for what they start.
 */
final class Scripts {
    private final Path root;
    private final Path work;

    Scripts(Path root, Path work) {
        this.root = root;
        this.work = work;
    }

    /** A script's exit status and everything it printed. */
    record Result(int exit, String output) {
    }

    /** Runs {@code cmd} (its first word relative to the root) with {@code env} added; its output goes to {@code log}. */
    Result run(String log, Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of(cmd));
        c.set(0, root.resolve(cmd[0]).toString());
        Path file = work.resolve(log);
        ProcessBuilder pb = new ProcessBuilder(c).directory(root.toFile()).redirectErrorStream(true).redirectOutput(file.toFile());
        pb.environment().putAll(env);
        int code = pb.start().waitFor();
        return new Result(code, Files.readString(file));
    }

    /** As {@link #run}, and a non-zero exit throws with the output. */
    String runOk(String log, Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        Result r = run(log, env, cmd);
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + r.exit() + ":\n" + r.output());
        }
        return r.output();
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls {@code c} every half second; after {@code seconds} throws naming {@code what} and where the logs are. */
    void await(String what, int seconds, Condition c) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (!c.holds()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within " + seconds + " s: " + what + " (logs in " + work + ")");
            }
            Thread.sleep(500);
        }
    }
}
