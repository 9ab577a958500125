package io.mm.history.cli;

import io.mm.history.combine.CandleMerger;
import io.mm.history.combine.Combine;
import java.time.Instant;

/** The counts every combine-style command prints first. */
final class Summary {
    private Summary() {}

    static String counts(Combine.Outcome o, CommonOptions.Resolved r) {
        CandleMerger.Result m = o.result();
        long compared = m.local() - m.localOnly();
        return r.exchange().id() + " " + r.symbol() + " " + r.interval() + " " + Instant.ofEpochMilli(o.startMs()) + " .. "
                + Instant.ofEpochMilli(o.endMs()) + ": " + m.combined().size() + " candles (" + m.local() + " local, " + m.fromExchange()
                + " from the exchange); " + compared + " compared, " + m.mismatches().size() + " mismatching field(s); " + m.missing().size()
                + " interval(s) the recording lacks; " + m.untrusted()
                + " partly recorded interval(s) without an exchange candle, left out; " + o.coverage().spans() + " listening span(s) in " + o.recorded().days().size()
                + " day(s), " + o.local().size() + " local candles with trades, " + o.exchange().size() + " exchange candles";
    }
}
