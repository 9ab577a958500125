package io.mm.history.combine;

import io.mm.core.Exchange;
import io.mm.core.candle.Candle;
import io.mm.core.candle.HistoryFiles;
import io.mm.core.candle.Interval;
import io.mm.core.recorded.Coverage;
import io.mm.core.recorded.RecordedSymbol;
import io.mm.history.fetch.HistoryClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Combine, end to end: read what the recorder left for a symbol, fetch the exchange's candles over the range
 * (or read them from a history file), build local candles with {@link LocalCandleJob}, merge with
 * {@link CandleMerger}, and (unless it is a dry run) write the combined candles and the mismatch report beside
 * the recordings.
 */
public final class Combine {
    private Combine() {}

    /**
     * @param startMs         range start, or null for the start of what was recorded
     * @param endMs           range end (exclusive), or null for the end of what was recorded
     * @param exchangeCandles a candles file from {@code bin/mm history} to use instead of fetching, or null
     * @param nowMs           now by the recording's clock: the interval open at that time is not combined
     */
    public record Settings(Path dataDir, Exchange exchange, String symbol, Interval interval, Long startMs, Long endMs, double tolerance,
                           long marginMs, int parallelism, Path exchangeCandles, boolean write, long nowMs) {}

    public record Outcome(RecordedSymbol recorded, Coverage coverage, long startMs, long endMs, List<Candle> local, List<Candle> exchange,
                          CandleMerger.Result result, Path combinedFile, Path mismatchFile) {}

    public interface Progress {
        void say(String step);
    }

    public static Outcome run(Settings s, HistoryClient client, Progress progress) throws Exception {
        progress.say("reading the ledger of " + s.exchange().id() + " " + s.symbol());
        // an open end reads every day there is (recordings made with a driven clock can lie in the future)
        RecordedSymbol recorded = RecordedSymbol.read(s.dataDir(), s.exchange(), s.symbol(), s.startMs() != null ? s.startMs() : 0,
                s.endMs() != null ? s.endMs() : Long.MAX_VALUE / 4);
        Coverage coverage = Coverage.of(s.exchange(), recorded.events(), s.marginMs());
        List<long[]> spans = coverage.list();
        long start;
        long end;
        if (s.startMs() != null && s.endMs() != null) {
            start = s.startMs();
            end = s.endMs();
        } else {
            if (spans.isEmpty()) {
                throw new IOException("the recordings of " + s.exchange().id() + " " + s.symbol() + " under " + s.dataDir()
                        + " show no time the recorder listened to trades; give START_MS and END_MS");
            }
            start = s.startMs() != null ? s.startMs() : s.interval().floor(spans.get(0)[0]);
            long lastEnd = spans.stream().mapToLong(x -> x[1]).max().orElseThrow();
            end = s.endMs() != null ? s.endMs() : s.interval().floor(lastEnd) + s.interval().millis();
        }
        if (end <= start) {
            throw new IllegalArgumentException("END_MS " + end + " is not after START_MS " + start);
        }
        // the files name the range they cover: an interval still open would be claimed before its candle exists
        long open = s.interval().floor(s.nowMs());
        if (end > open) {
            if (open <= start) {
                throw new IllegalArgumentException("no " + s.interval().name() + " interval from " + Instant.ofEpochMilli(start) + " on has closed yet (now "
                        + Instant.ofEpochMilli(s.nowMs()) + ")");
            }
            progress.say("combining up to " + Instant.ofEpochMilli(open) + ", where the " + s.interval().name() + " interval still open starts, not to "
                    + Instant.ofEpochMilli(end));
            end = open;
        }
        List<Candle> exchange;
        if (s.exchangeCandles() != null) {
            progress.say("reading exchange candles from " + s.exchangeCandles());
            exchange = HistoryFiles.readCandles(s.exchangeCandles());
        } else {
            progress.say("fetching " + s.exchange().id() + " " + s.interval().name() + " candles " + Instant.ofEpochMilli(start) + " .. "
                    + Instant.ofEpochMilli(end));
            List<Candle> fetched = new ArrayList<>();
            client.candles(s.symbol(), s.interval(), start, end, fetched::add);
            exchange = fetched;
            if (s.write()) {
                HistoryFiles.writeCandles(HistoryFiles.candles(s.dataDir(), s.exchange(), s.symbol(), s.interval(), start, end), exchange);
            }
        }
        progress.say("building local " + s.interval().name() + " candles from " + recorded.tradeFiles().size() + " trades_ws file(s)");
        List<Candle> local = LocalCandleJob.run(recorded.tradeFiles(), s.interval(), start, end, s.parallelism());
        CandleMerger.Result result = CandleMerger.merge(s.exchange(), s.symbol(), s.interval(), start, end, local, exchange, coverage,
                s.tolerance());
        Path combined = null;
        Path mismatchFile = null;
        if (s.write()) {
            combined = HistoryFiles.combined(s.dataDir(), s.exchange(), s.symbol(), s.interval(), start, end);
            HistoryFiles.writeCandles(combined, result.combined());
            mismatchFile = HistoryFiles.mismatches(s.dataDir(), s.exchange(), s.symbol(), s.interval(), start, end);
            HistoryFiles.write(mismatchFile, CandleMerger.Mismatch.COLUMNS, p -> {
                for (CandleMerger.Mismatch m : result.mismatches()) {
                    p.printRecord(s.symbol(), s.interval().name(), m.openMs(), Instant.ofEpochMilli(m.openMs()), m.field(), m.local(),
                            m.exchange());
                }
            });
        }
        return new Outcome(recorded, coverage, start, end, local, exchange, result, combined, mismatchFile);
    }
}
