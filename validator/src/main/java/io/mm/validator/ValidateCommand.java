package io.mm.validator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mm.core.config.SettingsReader;
import io.mm.validator.replay.RecordedDaySource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bin/mm validate}: replays recorded days through the recorder's own operator and reports every gap
 * and mismatch; the counterpart of {@code python -m mm_recorder.replay_validator}. Exit 0 when clean, 1 when
 * a gap or mismatch was found, 2 for unusable input or usage.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Replay recorded day directories and check them: book frames row for row, gaps, checksums, resyncs.",
                "Exit 0 clean, 1 gap or mismatch found, 2 unusable input or usage."})
public final class ValidateCommand implements Callable<Integer> {

    static final class Input {
        @Option(names = "--day-dir", paramLabel = "DIR", description = "one day: data/<exchange>/<SYMBOL_FS>/<YYYYMMDD>")
        Path dayDir;
        @Option(names = "--symbol-dir", paramLabel = "DIR", description = "every day of a symbol: data/<exchange>/<SYMBOL_FS>")
        Path symbolDir;
        @Option(names = "--data-dir", paramLabel = "DIR", description = "every day of every symbol under a data root"
                + " (without any of the three: DATA_DIR, default data)")
        Path dataDir;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Input input;

    private final Map<String, String> env;

    public ValidateCommand() {
        this(System.getenv());
    }

    /** With {@code env} in place of the process environment (DATA_DIR). */
    public ValidateCommand(Map<String, String> env) {
        this.env = env;
    }

    /** The data root {@code bin/mm record} writes to: DATA_DIR, default {@code data}, as the recorder reads it. */
    public static Path defaultDataDir(Map<String, String> env) {
        return Path.of(new SettingsReader(env).string("DATA_DIR", "data"));
    }

    @Option(names = "--report", paramLabel = "FILE", description = "write the full report as JSON")
    Path report;

    @Option(names = "--parallelism", paramLabel = "N", description = "days validated at once (default: cores)")
    Integer parallelism;

    @Option(names = "--no-progress", description = "no progress bar (there is none when the output is not a terminal)")
    boolean noProgress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path dir = input == null ? defaultDataDir(env)
                : input.dayDir != null ? input.dayDir : input.symbolDir != null ? input.symbolDir : input.dataDir;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> days;
        try {
            days = ValidatorJob.findDays(dir);
        } catch (IOException e) {
            err.println("mm validate: " + e.getMessage());
            return 2;
        }
        if (days.isEmpty()) {
            err.println("mm validate: no day directories (<exchange>/<SYMBOL_FS>/<YYYYMMDD>) under " + dir);
            return 2;
        }
        if (report != null) {
            // said before the replay, not after it
            Path parent = report.toAbsolutePath().getParent();
            if (!Files.isDirectory(parent) || !Files.isWritable(parent) || Files.isDirectory(report)) {
                err.println("mm validate: --report " + report + ": cannot write there (" + (!Files.isDirectory(parent) ? parent + " is not a directory"
                        : Files.isDirectory(report) ? "a directory" : parent + " is not writable") + ")");
                return 2;
            }
        }
        int p = parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors();
        if (p < 1) {
            err.println("mm validate: --parallelism must be at least 1, not " + p);
            return 2;
        }
        List<DayReport> reports;
        // a log file or a pipe would get every redraw of the bar
        try (ProgressBar bar = noProgress || System.console() == null ? null : new ProgressBarBuilder().setTaskName("replaying " + days.size() + " day(s)")
                .setInitialMax(diffBytes(days)).setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err)).setUnit(" MiB", 1 << 20).setUpdateIntervalMillis(500)
                .continuousUpdate().build()) {
            Thread progress = null;
            if (bar != null) {
                long base = RecordedDaySource.BYTES_READ.get();
                progress = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        bar.stepTo(RecordedDaySource.BYTES_READ.get() - base);
                        try {
                            Thread.sleep(250);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "validate-progress");
                progress.setDaemon(true);
                progress.start();
            }
            try {
                reports = ValidatorJob.run(days, p);
            } finally {
                if (progress != null) {
                    progress.interrupt();
                    bar.stepTo(bar.getMax());
                }
            }
        }
        int exit = 0;
        for (DayReport r : reports) {
            out.println(r.summary());
            exit = Math.max(exit, r.exitCode());
        }
        out.println(reports.size() + " day(s): " + count(reports, DayReport.Status.CLEAN) + " clean, " + count(reports, DayReport.Status.GAPS)
                + " with gaps, " + count(reports, DayReport.Status.MISMATCH) + " with mismatches, " + count(reports, DayReport.Status.UNUSABLE)
                + " unusable");
        if (report != null) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("exit_code", exit);
            doc.put("days", reports);
            try {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), doc);
            } catch (IOException e) {
                out.flush();
                err.println("mm validate: --report " + report + ": " + e.getMessage());
                return 2;
            }
        }
        out.flush();
        return exit;
    }

    private static long count(List<DayReport> r, DayReport.Status s) {
        return r.stream().filter(x -> x.status() == s).count();
    }

    private static long diffBytes(List<Path> days) throws IOException {
        long total = 0;
        for (Path d : days) {
            Path diffs = d.resolve("diffs");
            if (Files.isDirectory(diffs)) {
                try (Stream<Path> s = Files.list(diffs)) {
                    for (Path f : s.toList()) {
                        total += Files.size(f);
                    }
                }
            }
        }
        return Math.max(1, total);
    }
}
