package io.mm.history.cli;

import io.mm.core.candle.BadInputException;
import io.mm.history.combine.Combine;
import io.mm.history.fetch.HistoryHttp;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What {@code combine}, {@code smoke} and {@code smoke-gap} share: settings, the run, and the exit codes (2: unusable). */
abstract class CombineBase implements Callable<Integer> {
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    @Option(names = "--tolerance", paramLabel = "REL", description = "TOLERANCE: relative difference of prices and volume still "
            + "counted as equal (default 1e-9)")
    String tolerance;

    @Option(names = "--coverage-margin-ms", paramLabel = "MS", description = "COVERAGE_MARGIN_MS: trusted spans of the recording are "
            + "shrunk by this much at both ends, for clock differences (default 1000)")
    String margin;

    @Option(names = "--exchange-candles", paramLabel = "FILE", description = "use this candles file from bin/mm history instead of fetching")
    Path exchangeCandles;

    @Option(names = "--parallelism", paramLabel = "N", description = "Flink parallelism of the candle job (default: cores)")
    Integer parallelism;

    @Spec
    CommandSpec spec;

    private final String name;
    private final boolean writes;
    private Exception failure;

    /** @param writes whether this command writes the combined file and the mismatch report */
    CombineBase(Map<String, String> env, String name, boolean writes) {
        this.env = env;
        this.name = name;
        this.writes = writes;
    }

    /** Prints what the user asked for; returns the exit code. */
    abstract int report(Combine.Outcome outcome, CommonOptions.Resolved settings, PrintWriter out);

    @Override
    public Integer call() {
        failure = null;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CommonOptions.Resolved r;
        Combine.Settings s;
        try {
            r = common.resolve(env);
            r.settings().flag("TOLERANCE", "--tolerance", tolerance).flag("COVERAGE_MARGIN_MS", "--coverage-margin-ms", margin);
            double tol = tolerance(r);
            long marginMs = r.settings().longInteger("COVERAGE_MARGIN_MS", 1000, 0, 3_600_000);
            if (exchangeCandles == null) {
                r.interval().requireToken(r.exchange());
            }
            int p = parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors();
            if (p < 1) {
                throw new IllegalArgumentException("--parallelism must be at least 1");
            }
            s = new Combine.Settings(r.dataDir(), r.exchange(), r.symbol(), r.interval(), r.startMs(), r.endMs(), tol, marginMs, p,
                    exchangeCandles, writes, r.nowMs());
        } catch (IllegalArgumentException e) {
            err.println("mm " + name + ": " + e.getMessage());
            err.flush();
            return 2;
        }
        try (HistoryHttp http = new HistoryHttp(r.limits(), r.endpoints().insecureTls())) {
            Combine.Outcome o = Combine.run(s, r.client(http, false), step -> err.println("mm " + name + ": " + step));
            int exit = report(o, r, out);
            if (exchangeCandles == null) {
                out.println("REST: " + http.stats());
            }
            out.flush();
            return exit;
        } catch (Exception e) {
            failure = e;
            err.println("mm " + name + ": " + rootMessage(e));
            err.flush();
            return 2;
        }
    }

    /** Why the last {@link #call()} returned 2 after its settings were accepted, or null. */
    Exception failure() {
        return failure;
    }

    private static double tolerance(CommonOptions.Resolved r) {
        String v = r.settings().string("TOLERANCE", "1e-9");
        try {
            double d = Double.parseDouble(v);
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(r.settings().describe("TOLERANCE") + " '" + v + "' is not a number >= 0");
        }
    }

    /**
     * Flink wraps a reader's error in layers of job failures: the {@link BadInputException} names the file and
     * line, a {@link HistoryHttp.GaveUpException} the URL and its last problem; without one, the innermost message says most.
     */
    static String rootMessage(Throwable e) {
        String msg = e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BadInputException || t instanceof HistoryHttp.GaveUpException) {
                return t.getMessage();
            }
            if (t.getMessage() != null) {
                msg = t.getMessage();
            }
        }
        return msg == null ? e.toString() : msg;
    }
}
