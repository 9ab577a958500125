package io.mm.history.cli;

import io.mm.history.combine.CandleMerger;
import io.mm.history.combine.Combine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code bin/mm smoke}: the original {@code python -m mm_history.smoke}. Combines a recorded range with the
 * exchange and summarises, writing nothing.
 */
@Command(name = "smoke", mixinStandardHelpOptions = true, footer = CommonOptions.ENVIRONMENT,
        description = {"Combine a recorded range with the exchange and summarise (writes nothing).",
                "Without SYMBOL: every symbol recorded under DATA_DIR (of EXCHANGE, if given), one after the other.",
                "Exit 0 local and exchange agree, 1 mismatches found, 2 unusable input or settings (the worst of all symbols)."})
public final class SmokeCommand extends CombineBase {
    private static final int SHOWN = 20;
    private final Map<String, String> environment;

    public SmokeCommand() {
        this(System.getenv());
    }

    public SmokeCommand(Map<String, String> env) {
        super(env, "smoke", false);
        this.environment = env;
    }

    @Override
    public Integer call() {
        if (common.symbol != null || !isBlank(environment.get("SYMBOL"))) {
            return super.call();
        }
        String exchange = common.exchange != null ? common.exchange : environment.get("EXCHANGE");
        Path data = Paths.get(common.dataDir != null ? common.dataDir : isBlank(environment.get("DATA_DIR")) ? "data" : environment.get("DATA_DIR"));
        List<String[]> recorded;
        try {
            recorded = RecordedSymbols.under(data, isBlank(exchange) ? null : exchange);
        } catch (IOException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("mm smoke: " + e.getMessage());
            return 2;
        }
        if (recorded.isEmpty()) {
            spec.commandLine().getErr().println("mm smoke: no recorded symbols under " + data + (isBlank(exchange) ? "" : " for " + exchange)
                    + " (give SYMBOL to check one)");
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        int exit = 0;
        List<String> summary = new ArrayList<>();
        Map<String, String> unreachable = new HashMap<>(); // exchange -> why: its other symbols are not asked again
        for (String[] r : recorded) {
            out.println("== " + r[0] + " " + r[1]);
            out.flush();
            String skip = unreachable.get(r[0]);
            if (skip != null) {
                out.println("skipped: " + skip);
                summary.add(r[0] + " " + r[1] + ": UNUSABLE (skipped: " + skip + ")");
                exit = 2;
                continue;
            }
            common.exchange = r[0];
            common.symbol = r[1];
            int code = super.call();
            Exception failed = failure();
            if (code == 2 && failed != null && unreachable(failed)) {
                unreachable.put(r[0], r[0] + " could not be reached (" + rootMessage(failed) + ")");
            }
            summary.add(r[0] + " " + r[1] + ": " + (code == 0 ? "agree" : code == 1 ? "MISMATCHES"
                    : "UNUSABLE" + (failed == null ? "" : " (" + rootMessage(failed) + ")")));
            exit = Math.max(exit, code);
        }
        out.println(recorded.size() + " symbol(s):");
        summary.forEach(l -> out.println("  " + l));
        out.flush();
        return exit;
    }

    /** The exchange's host cannot be reached at all: no name, no route, no listener. */
    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.UnknownHostException || t instanceof java.net.ConnectException || t instanceof java.net.NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    int report(Combine.Outcome o, CommonOptions.Resolved r, PrintWriter out) {
        out.println(Summary.counts(o, r));
        int n = 0;
        for (CandleMerger.Mismatch m : o.result().mismatches()) {
            if (n++ == SHOWN) {
                out.println("  ... " + (o.result().mismatches().size() - SHOWN) + " more");
                break;
            }
            out.println("  MISMATCH " + Instant.ofEpochMilli(m.openMs()) + " " + m.field() + ": local " + m.local() + ", exchange " + m.exchange());
        }
        out.println(o.result().mismatches().isEmpty() ? "OK: local candles agree with the exchange" : "FAIL: local candles disagree with the exchange");
        return o.result().mismatches().isEmpty() ? 0 : 1;
    }
}
