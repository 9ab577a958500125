package io.mm.core.recorded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.core.ledger.Gap;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * When the recorder provably listened to a symbol's trades, from its events ledger. A span opens when the trades
 * subscription was live (Binance: {@code ws_open}, its streams are in the URL; Kraken and Bitfinex: the
 * {@code subscribed} event of the trade channel after the open) and closes at {@code ws_close}, {@code ws_error},
 * {@code reconnect} or {@code run_end}. A run that ended without {@code run_end} (a killed process; what it did
 * after its last checkpoint is gone) closes at the last row the ledger kept, and so does a running recording.
 * A {@code gap} whose trades may be incomplete (a Bitfinex sequence hole, a trade id hole, messages the recorder dropped) cuts its
 * {@code since_recv_ts_us} .. {@code until_recv_ts_us} out of the span: a lost trades message shows nowhere else.
 * A trading window that closes with no other day's window open ({@code window_end}) ends the span too: the recorder
 * writes nothing until the next window opens; then, when its book was synced (the {@code day_open} snapshot at the
 * {@code window_start}: its socket was up, also where the subscription was made while no window was open and so is
 * in no day), listening goes on from there.
 * Both ends are pulled in by a margin for the difference between the exchange's clock and the recorder's.
 * A local candle is trusted only when its whole interval lies in one span.
 */
public final class Coverage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long[] startMs;
    private final long[] endMs;
    private final long knownUntilMs;

    private Coverage(List<long[]> spans, long knownUntilMs) {
        this.knownUntilMs = knownUntilMs;
        startMs = new long[spans.size()];
        endMs = new long[spans.size()];
        for (int i = 0; i < spans.size(); i++) {
            startMs[i] = spans.get(i)[0];
            endMs[i] = spans.get(i)[1];
        }
    }

    public static Coverage of(Exchange exchange, List<RecordedSymbol.Event> events, long marginMs) {
        List<long[]> spans = new ArrayList<>();
        boolean connected = false;
        long openUs = -1; // the start of the span being listened to, -1 while the subscription is not live
        long lastUs = -1;
        Set<String> windows = new HashSet<>(); // the days whose trading window is open
        long reopenedUs = -1; // a window_start with no other window open (after a pause, or a run started in one)
        for (RecordedSymbol.Event e : events) {
            if (reopenedUs >= 0 && e.tsUs() > reopenedUs) {
                reopenedUs = -1; // no day_open snapshot with the window_start: the book (and its socket) was not there
            }
            switch (e.type()) {
                case "run_start", "recovery" -> {
                    // whatever was open belonged to a run that is over: it ended at the last row it left
                    close(spans, openUs, lastUs, marginMs);
                    openUs = -1;
                    connected = false;
                    reopenedUs = -1;
                    if (e.type().equals("run_start")) {
                        windows.clear(); // a run names every window open at its start
                    }
                }
                case "window_start" -> {
                    if (windows.isEmpty() && openUs < 0) {
                        reopenedUs = e.tsUs();
                    }
                    windows.add(day(e.details()));
                }
                case "window_end" -> {
                    windows.remove(day(e.details()));
                    if (windows.isEmpty() && openUs >= 0) {
                        close(spans, openUs, e.tsUs(), marginMs);
                        openUs = -1;
                    }
                }
                case "snapshot" -> {
                    if (reopenedUs >= 0 && e.tsUs() == reopenedUs && e.details().contains("\"source\":\"book\"")) {
                        openUs = reopenedUs; // the day_open snapshot of a book kept synced while nothing was written
                        reopenedUs = -1;
                    }
                }
                case "ws_open" -> {
                    close(spans, openUs, e.tsUs(), marginMs);
                    reopenedUs = -1;
                    connected = true;
                    openUs = exchange == Exchange.BINANCE ? e.tsUs() : -1;
                }
                case "subscribed" -> {
                    if (connected && openUs < 0 && isTradeChannel(e.details())) {
                        openUs = e.tsUs();
                    }
                }
                case "ws_close", "ws_error", "reconnect", "run_end" -> {
                    close(spans, openUs, e.tsUs(), marginMs);
                    openUs = -1;
                    connected = false;
                    reopenedUs = -1;
                }
                case "gap" -> {
                    if (openUs >= 0 && tradesIncomplete(e.details())) {
                        long[] hole = hole(e);
                        close(spans, openUs, hole[0], marginMs);
                        openUs = Math.max(openUs, hole[1]);
                    }
                }
                default -> {
                    // heartbeats, snapshots, window boundaries: the socket is as it was
                }
            }
            lastUs = Math.max(lastUs, e.tsUs());
        }
        close(spans, openUs, lastUs, marginMs);
        spans.sort((a, b) -> Long.compare(a[0], b[0]));
        return new Coverage(spans, lastUs < 0 ? Long.MIN_VALUE : Math.floorDiv(lastUs, 1000) - marginMs);
    }

    /** The ledger rows that open, close, cut or end a listening span; the others only move the last row's time. */
    private static boolean marksListening(RecordedSymbol.Event e) {
        return switch (e.type()) {
            case "run_start", "recovery", "ws_open", "subscribed", "ws_close", "ws_error", "reconnect", "run_end", "window_start",
                 "window_end" -> true;
            case "gap" -> tradesIncomplete(e.details());
            case "snapshot" -> e.details().contains("\"source\":\"book\"");
            default -> false;
        };
    }

    private static boolean tradesIncomplete(String details) {
        return details.contains("\"trades\":\"" + Gap.TRADES_POSSIBLY_INCOMPLETE + "\"");
    }

    /**
     * The µs during which a gap row's trades may be incomplete: from the last data before it (the span's start when
     * the row names none) to the row itself (or its {@code until_recv_ts_us}).
     */
    private static long[] hole(RecordedSymbol.Event e) {
        long since = Long.MIN_VALUE;
        long until = e.tsUs();
        try {
            JsonNode d = JSON.readTree(e.details());
            since = d.path("since_recv_ts_us").asLong(Long.MIN_VALUE);
            until = Math.max(until, d.path("until_recv_ts_us").asLong(until));
        } catch (IOException ex) {
            // unreadable details: the hole reaches back to the span's start
        }
        return new long[] {since <= 0 ? Long.MIN_VALUE : since, until};
    }

    /**
     * What {@link #of} needs of one day's ledger rows (in the ledger's order): the rows that mark listening, the row
     * before each of them and the day's last row (a killed run ends at the last row before the next run's start),
     * the others reduced to their time. A month of heartbeats a minute shrinks to a few rows, and the days
     * stitched from these give the same spans as the whole ledgers, because a row lies in every day whose trading
     * window holds it.
     */
    public static List<RecordedSymbol.Event> essentials(List<RecordedSymbol.Event> day) {
        List<RecordedSymbol.Event> out = new ArrayList<>();
        for (int i = 0; i < day.size(); i++) {
            RecordedSymbol.Event e = day.get(i);
            boolean marks = marksListening(e);
            if (marks || i == day.size() - 1 || marksListening(day.get(i + 1))) {
                // a marking row keeps its details: distinct rows of one instant must stay distinct when days are stitched
                out.add(marks ? e : new RecordedSymbol.Event(e.tsUs(), "row", ""));
            }
        }
        return out;
    }

    /** The {@code day} of a window row, as written. */
    private static String day(String details) {
        try {
            return JSON.readTree(details).path("day").asText();
        } catch (IOException ex) {
            return details;
        }
    }

    private static boolean isTradeChannel(String details) {
        return details.contains("\"channel\":\"trade\"") || details.contains("\"channel\":\"trades\"");
    }

    private static void close(List<long[]> spans, long openUs, long closeUs, long marginMs) {
        if (openUs < 0 || closeUs < 0) {
            return;
        }
        long s = Math.floorDiv(openUs, 1000) + marginMs;
        long e = Math.floorDiv(closeUs, 1000) - marginMs;
        if (e > s) {
            spans.add(new long[] {s, e});
        }
    }

    /** Whether one span holds all of {@code [fromMs, toMs)}. */
    public boolean covers(long fromMs, long toMs) {
        // spans are disjoint and sorted (one connection at a time): the only candidate is the last that starts
        // at or before fromMs; a year of minutes against a ledger of many reconnects stays a log-time lookup
        int i = java.util.Arrays.binarySearch(startMs, fromMs);
        if (i < 0) {
            i = -i - 2;
        }
        return i >= 0 && toMs <= endMs[i];
    }

    /**
     * Up to when the ledger tells whether the recorder listened: its last row, less the margin (a running recording's
     * span ends there); {@link Long#MIN_VALUE} for no rows. Past it the ledger says nothing yet, either way.
     */
    public long knownUntilMs() {
        return knownUntilMs;
    }

    public int spans() {
        return startMs.length;
    }

    /** The spans as {@code [startMs, endMs]} pairs, oldest first. */
    public List<long[]> list() {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < startMs.length; i++) {
            out.add(new long[] {startMs[i], endMs[i]});
        }
        return out;
    }
}
