package io.mm.history.cli;

import io.mm.history.combine.Combine;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code bin/mm combine}: local candles from the recorder's trades merged with the exchange's (local preferred),
 * written as {@code combined_*} with a {@code source} column, and the disagreements as {@code mismatches_*}.
 */
@Command(name = "combine", mixinStandardHelpOptions = true, footer = CommonOptions.ENVIRONMENT,
        description = {"Build candles from recorded trades (a Flink batch job) and merge them with the exchange's.",
                "Writes history/combined_<iv>_<start>_<end>.csv.gz and history/mismatches_<iv>_<start>_<end>.csv.gz.",
                "START_MS/END_MS default to what was recorded. Exit 0 agreed, 1 mismatches found, 2 unusable input or settings."})
public final class CombineCommand extends CombineBase {
    public CombineCommand() {
        this(System.getenv());
    }

    public CombineCommand(Map<String, String> env) {
        super(env, "combine", true);
    }

    @Override
    int report(Combine.Outcome o, CommonOptions.Resolved r, PrintWriter out) {
        out.println(Summary.counts(o, r));
        out.println("combined:   " + o.combinedFile());
        out.println("mismatches: " + o.mismatchFile() + " (" + o.result().mismatches().size() + " field(s))");
        return o.result().mismatches().isEmpty() ? 0 : 1;
    }
}
