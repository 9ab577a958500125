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
        Running r = start(log, env, cmd);
        int code = r.process().waitFor();
        return new Result(code, Files.readString(r.file()));
    }

    /** A script started by {@link #start}. */
    record Running(String[] cmd, Process process, Path file) {
        /** Waits for it; a non-zero exit throws with the output. */
        String outputOk() throws IOException, InterruptedException {
            int code = process.waitFor();
            String out = Files.readString(file);
            if (code != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " exited " + code + ":\n" + out);
            }
            return out;
        }
    }

    /** As {@link #run}, without waiting for it. */
    Running start(String log, Map<String, String> env, String... cmd) throws IOException {
        List<String> c = new ArrayList<>(List.of(cmd));
        c.set(0, root.resolve(cmd[0]).toString());
        Path file = work.resolve(log);
        ProcessBuilder pb = new ProcessBuilder(c).directory(root.toFile()).redirectErrorStream(true).redirectOutput(file.toFile());
        pb.environment().putAll(env);
        return new Running(cmd, pb.start(), file);
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
