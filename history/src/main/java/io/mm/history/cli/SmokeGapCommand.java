package io.mm.history.cli;

import io.mm.history.combine.CandleMerger;
import io.mm.history.combine.Combine;
import io.mm.core.recorded.RecordedSymbol;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;

/**
 * {@code bin/mm smoke-gap}: the original {@code python -m mm_history.smoke_gap}. Lists the intervals the local
 * data lacks compared with the exchange, merged into ranges, each with the recorder's own gap rows and ledger
 * events that explain it (a disconnect, a restart, the recording not running).
 */
@Command(name = "smoke-gap", mixinStandardHelpOptions = true, footer = CommonOptions.ENVIRONMENT,
        description = {"List the intervals the recording lacks compared with the exchange, and why.",
                "Beside each missing interval: the recorder's gap rows and ledger events that explain it.",
                "Exit 0 nothing missing, 1 intervals missing, 2 unusable input or settings."})
public final class SmokeGapCommand extends CombineBase {
    /** Ledger events that explain why the recorder was not listening. */
    private static final Set<String> EXPLAINING = Set.of("run_start", "run_end", "ws_open", "ws_close", "ws_error", "reconnect", "stall",
            "recovery", "subscribed", "window_start", "window_end");

    public SmokeGapCommand() {
        this(System.getenv());
    }

    public SmokeGapCommand(Map<String, String> env) {
        super(env, "smoke-gap", false);
    }

    /** Consecutive missing intervals, {@code [fromMs, toMs)}. */
    record Range(long fromMs, long toMs, int intervals, int partial) {}

    static List<Range> ranges(List<CandleMerger.Missing> missing, long iv) {
        List<Range> out = new ArrayList<>();
        long from = -1;
        long to = -1;
        int n = 0;
        int partial = 0;
        for (CandleMerger.Missing m : missing) {
            if (from >= 0 && m.openMs() != to) {
                out.add(new Range(from, to, n, partial));
                from = -1;
            }
            if (from < 0) {
                from = m.openMs();
                n = 0;
                partial = 0;
            }
            to = m.openMs() + iv;
            n++;
            if (m.reason().equals("partial")) {
                partial++;
            }
        }
        if (from >= 0) {
            out.add(new Range(from, to, n, partial));
        }
        return out;
    }

    @Override
    int report(Combine.Outcome o, CommonOptions.Resolved r, PrintWriter out) {
        out.println(Summary.counts(o, r));
        long iv = r.interval().millis();
        List<Range> ranges = ranges(o.result().missing(), iv);
        List<long[]> spans = o.coverage().list();
        for (Range g : ranges) {
            out.println("MISSING " + Instant.ofEpochMilli(g.fromMs()) + " .. " + Instant.ofEpochMilli(g.toMs()) + ": " + g.intervals() + " x "
                    + r.interval() + (g.partial() > 0 ? " (" + g.partial() + " recorded in part)" : "") + "; " + context(g, spans));
            // what the recorder itself said around the range: one interval of slack either side
            long fromUs = (g.fromMs() - iv) * 1000;
            long toUs = (g.toMs() + iv) * 1000;
            for (RecordedSymbol.GapRow gap : o.recorded().gaps()) {
                if (gap.tsUs() >= fromUs && gap.tsUs() <= toUs) {
                    out.println("    gap row   " + Instant.ofEpochMilli(gap.tsUs() / 1000) + " " + gap.kind() + " expected=" + gap.expected()
                            + " got=" + gap.got() + " " + gap.details());
                }
            }
            for (RecordedSymbol.Event e : o.recorded().events()) {
                if (e.tsUs() >= fromUs && e.tsUs() <= toUs && EXPLAINING.contains(e.type())) {
                    out.println("    event     " + Instant.ofEpochMilli(e.tsUs() / 1000) + " " + e.type() + " " + e.details());
                }
            }
        }
        out.println(ranges.isEmpty() ? "OK: the recording has every interval the exchange has"
                : "GAPS: " + o.result().missing().size() + " interval(s) in " + ranges.size() + " range(s) lack local data");
        return ranges.isEmpty() ? 0 : 1;
    }

    /** Where the range lies against the recording's listening spans. */
    static String context(Range g, List<long[]> spans) {
        if (spans.isEmpty()) {
            return "nothing was recorded";
        }
        if (g.toMs() <= spans.get(0)[0]) {
            return "before the recording began (" + Instant.ofEpochMilli(spans.get(0)[0]) + ")";
        }
        long lastEnd = spans.get(spans.size() - 1)[1];
        if (g.fromMs() >= lastEnd) {
            return "after the recording ended (" + Instant.ofEpochMilli(lastEnd) + ")";
        }
        if (g.fromMs() < spans.get(0)[0]) {
            return "the recording began inside it (" + Instant.ofEpochMilli(spans.get(0)[0]) + ")";
        }
        if (g.toMs() > lastEnd) {
            // a recording still running proves its listening only up to its newest ledger row
            return "the ledger proves listening only to " + Instant.ofEpochMilli(lastEnd)
                    + " (its last row; a running recorder writes a heartbeat row every HEARTBEAT_SEC)";
        }
        return "the recorder was not listening for all of it";
    }
}
