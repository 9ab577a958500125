package io.mm.history.cli;

import io.mm.history.combine.CandleMerger;
import io.mm.history.combine.Combine;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code bin/mm smoke}: the original {@code python -m mm_history.smoke}. Combines a recorded range with the
 * exchange and summarises, writing nothing.
 */
@Command(name = "smoke", mixinStandardHelpOptions = true,
        description = {"Combine a recorded range with the exchange and summarise (writes nothing).",
                "Exit 0 local and exchange agree, 1 mismatches found, 2 unusable input or settings."})
public final class SmokeCommand extends CombineBase {
    private static final int SHOWN = 20;

    public SmokeCommand() {
        this(System.getenv());
    }

    public SmokeCommand(Map<String, String> env) {
        super(env, "smoke", false);
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
