package io.mm.history.cli;

import io.mm.core.candle.Candle;
import io.mm.core.candle.HistoryFiles;
import io.mm.core.config.StorageCheck;
import io.mm.history.HistoryTrade;
import io.mm.history.fetch.HistoryClient;
import io.mm.history.fetch.HistoryHttp;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/mm history}: the original {@code python -m mm_history.cli}. Fetches an exchange's candles or trades
 * over {@code [START_MS, END_MS)} into a gzip CSV beside the recordings. Exit 0 done, 2 bad settings or the
 * exchange refused.
 */
@Command(name = "history", mixinStandardHelpOptions = true, footer = CommonOptions.ENVIRONMENT,
        description = {"Fetch exchange candles or trades over REST into data/<exchange>/<SYMBOL_FS>/history/.",
                "EXCHANGE=binance SYMBOL=BTCUSDT TYPE=candles INTERVAL=1m START_MS=... END_MS=... bin/mm history",
                "Exit 0 done, 2 bad settings, the exchange refused, or the network failed past the retries."})
public final class HistoryCommand implements Callable<Integer> {
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    @Option(names = "--type", paramLabel = "TYPE", description = "TYPE: candles or trades (default candles)")
    String type;

    @Option(names = "--binance-trades", paramLabel = "KIND", description = "BINANCE_TRADES: agg (aggTrades, weight 4, default) or "
            + "historical (historicalTrades, individual trades, weight 25)")
    String binanceTrades;

    @Option(names = "--out", paramLabel = "FILE", description = "write here instead of the history directory")
    Path out;

    @Option(names = "--no-progress", description = "no progress bar (there is none when the output is not a terminal)")
    boolean noProgress;

    @Spec
    CommandSpec spec;

    public HistoryCommand() {
        this(System.getenv());
    }

    public HistoryCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CommonOptions.Resolved r;
        String kind;
        boolean historical;
        try {
            r = common.resolve(env);
            r.settings().flag("TYPE", "--type", type).flag("BINANCE_TRADES", "--binance-trades", binanceTrades);
            kind = r.settings().string("TYPE", "candles");
            if (!kind.equals("candles") && !kind.equals("trades")) {
                throw new IllegalArgumentException(r.settings().describe("TYPE") + " '" + kind + "' is not candles or trades");
            }
            String bt = r.settings().string("BINANCE_TRADES", "agg");
            if (!bt.equals("agg") && !bt.equals("historical")) {
                throw new IllegalArgumentException(r.settings().describe("BINANCE_TRADES") + " '" + bt + "' is not agg or historical");
            }
            historical = bt.equals("historical");
            if (r.startMs() == null) {
                throw new IllegalArgumentException(r.settings().describe("START_MS") + " is required");
            }
            if (kind.equals("candles")) {
                r.interval().requireToken(r.exchange());
            }
        } catch (IllegalArgumentException e) {
            err.println("mm history: " + e.getMessage());
            err.flush();
            return 2;
        }
        long start = r.startMs();
        long asked = r.endMs() != null ? r.endMs() : r.nowMs();
        // the file names the range it covers: candles of an interval still open, or trades still to come, are not in it
        long known = kind.equals("candles") ? r.interval().floor(r.nowMs()) : r.nowMs();
        String upTo = kind.equals("candles") ? "the " + r.interval().name() + " interval still open starts at " : "now is ";
        if (known <= start) {
            err.println("mm history: nothing to fetch yet: " + upTo + Instant.ofEpochMilli(known) + ", not after " + r.settings().describe("START_MS")
                    + " " + Instant.ofEpochMilli(start));
            err.flush();
            return 2;
        }
        if (asked > known && r.endMs() != null) {
            err.println("mm history: fetching up to " + Instant.ofEpochMilli(known) + ", not to " + r.settings().describe("END_MS") + " "
                    + Instant.ofEpochMilli(asked) + ": " + upTo + Instant.ofEpochMilli(known));
            err.flush();
        }
        long end = Math.min(asked, known);
        Path file = out != null ? out : kind.equals("candles")
                ? HistoryFiles.candles(r.dataDir(), r.exchange(), r.symbol(), r.interval(), start, end)
                : HistoryFiles.trades(r.dataDir(), r.exchange(), r.symbol(), start, end);
        try {
            // before any request: rows that cannot be kept would spend the REST budget for nothing
            StorageCheck.creatableDirectory(out != null ? "the directory of --out:" : r.settings().describe("DATA_DIR") + ": the directory",
                    file.toAbsolutePath().getParent());
        } catch (IllegalArgumentException e) {
            err.println("mm history: " + e.getMessage());
            err.flush();
            return 2;
        }
        long[] rows = {0};
        String stats;
        try (HistoryHttp http = new HistoryHttp(r.limits(), r.endpoints().insecureTls());
             ProgressBar bar = noProgress || System.console() == null ? null : new ProgressBarBuilder().setTaskName(r.exchange().id() + " " + r.symbol() + " " + kind)
                     .setInitialMax(Math.max(1, (end - start) / 1000)).setUnit(" s", 1).setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                     .setUpdateIntervalMillis(500).continuousUpdate().build()) {
            HistoryClient client = r.client(http, historical);
            HistoryFiles.write(file, kind.equals("candles") ? Candle.COLUMNS : HistoryTrade.COLUMNS, p -> {
                if (kind.equals("candles")) {
                    client.candles(r.symbol(), r.interval(), start, end, c -> {
                        print(p, c.row());
                        rows[0]++;
                        step(bar, (c.openMs() - start) / 1000);
                    });
                } else {
                    client.trades(r.symbol(), start, end, t -> {
                        print(p, t.row());
                        rows[0]++;
                        step(bar, (t.tsUs() / 1000 - start) / 1000);
                    });
                }
            });
            if (bar != null) {
                bar.stepTo(bar.getMax());
            }
            stats = http.stats().toString();
        } catch (java.nio.file.FileSystemException e) {
            err.println("mm history: cannot write " + file.toAbsolutePath() + ": " + StorageCheck.reason(e));
            err.flush();
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("mm history: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            err.flush();
            return 2;
        }
        // after the bar is closed: its last redraw moves up a line and would overwrite what is printed before
        o.println(rows[0] + " " + kind + " of " + r.exchange().id() + " " + r.symbol() + (kind.equals("candles") ? " " + r.interval() : "")
                + " " + Instant.ofEpochMilli(start) + " .. " + Instant.ofEpochMilli(end) + " -> " + file);
        o.println("REST: " + stats);
        o.flush();
        return 0;
    }

    private static void print(org.apache.commons.csv.CSVPrinter p, Iterable<String> row) {
        try {
            p.printRecord(row);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void step(ProgressBar bar, long to) {
        if (bar != null && to > bar.getCurrent()) {
            bar.stepTo(to);
        }
    }
}
