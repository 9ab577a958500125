package io.mm.jobs.cluster;

import io.mm.validator.ValidateCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The job jar's entry point for replay validation on a cluster ({@code bin/cluster submit validate},
 * {@code flink run -c io.mm.jobs.cluster.ValidateMain}): the flags of {@code bin/mm validate}; the days are
 * read where the TaskManagers run, so the data directory must be shared. The verdict is the exit status
 * (0 clean, 1 gaps or mismatches, 2 unusable) and a JSON report on the data directory: {@code --report}, or
 * by default {@code <data root>/reports/validate-<UTC time>.json}.
 */
public final class ValidateMain {
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private ValidateMain() {}

    public static void main(String[] args) throws IOException {
        List<String> full = withDefaults(args, ZonedDateTime.now(ZoneOffset.UTC));
        int i = full.indexOf("--report");
        Path report = i >= 0 && i + 1 < full.size() ? Path.of(full.get(i + 1)) : null;
        if (report != null && report.toAbsolutePath().getParent() != null) {
            Files.createDirectories(report.toAbsolutePath().getParent());
        }
        int code = new CommandLine(new ValidateCommand()).execute(full.toArray(String[]::new));
        if (report != null && Files.exists(report)) {
            System.out.println("report: " + report.toAbsolutePath());
        }
        System.out.flush();
        BoundedJobMain.finish("validate", code);
    }

    /**
     * The arguments with a report on the data directory unless one is named, and without the progress bar (it
     * counts bytes read in this JVM, and the cluster reads them elsewhere). Unparseable arguments are passed on
     * unchanged for the command to reject.
     */
    static List<String> withDefaults(String[] args, ZonedDateTime now) {
        List<String> out = new ArrayList<>(Arrays.asList(args));
        ParseResult pr;
        try {
            pr = new CommandLine(new ValidateCommand()).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return out;
        }
        if (pr.isUsageHelpRequested() || pr.isVersionHelpRequested()) {
            return out;
        }
        if (!pr.hasMatchedOption("--no-progress")) {
            out.add("--no-progress");
        }
        if (!pr.hasMatchedOption("--report")) {
            out.add("--report");
            out.add(dataRoot(pr).resolve("reports").resolve("validate-" + STAMP.format(now) + ".json").toString());
        }
        return out;
    }

    /** The data root of the input: {@code --data-dir}, above {@code --symbol-dir} and {@code --day-dir}, or DATA_DIR. */
    static Path dataRoot(ParseResult pr) {
        if (pr.hasMatchedOption("--data-dir")) {
            return pr.matchedOptionValue("--data-dir", Path.of("data"));
        }
        if (!pr.hasMatchedOption("--symbol-dir") && !pr.hasMatchedOption("--day-dir")) {
            return ValidateCommand.defaultDataDir(System.getenv());
        }
        Path p = pr.hasMatchedOption("--symbol-dir") ? pr.matchedOptionValue("--symbol-dir", Path.of("."))
                : pr.matchedOptionValue("--day-dir", Path.of("."));
        int up = pr.hasMatchedOption("--symbol-dir") ? 2 : 3; // <exchange>/<SYMBOL_FS>[/<YYYYMMDD>]
        Path abs = p.toAbsolutePath().normalize();
        for (int i = 0; i < up && abs.getParent() != null; i++) {
            abs = abs.getParent();
        }
        return abs;
    }
}
