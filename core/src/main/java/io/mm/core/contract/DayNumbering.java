package io.mm.core.contract;

import io.mm.core.Exchange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The highest {@code recv_seq}, {@code event_id} and {@code epoch} a symbol's day directory already holds, from the
 * last line of each of its gzip files (each file's lines are in order). A run that starts without a checkpoint
 * numbers on from there, so that {@code recv_seq}, {@code event_id} and {@code epoch} keep increasing within the day
 * and no snapshot file of an earlier run (named by its {@code event_id}) is written again; and it takes the trades on
 * from the last one written, as a run restored from a checkpoint does.
 *
 * @param recvSeq     the highest recv_seq found, 0 when none
 * @param eventId     the last event_id of the events ledger, 0 when none
 * @param epoch       the highest epoch found, 0 when none
 * @param lastTradeId the last trade id of {@code trades_ws}, -1 when none
 */
public record DayNumbering(long recvSeq, long eventId, int epoch, long lastTradeId) {
    public static final DayNumbering NONE = new DayNumbering(0, 0, 0, -1);

    /** What {@code data/<exchange>/<SYMBOL_FS>/<day>} holds; {@link #NONE} when the directory does not exist. */
    public static DayNumbering of(Path dataDir, Exchange exchange, String symbolFs, int day) throws IOException {
        String d = Integer.toString(day);
        Path dayDir = dataDir.resolve(exchange.id()).resolve(symbolFs).resolve(d);
        if (!Files.isDirectory(dayDir)) {
            return NONE;
        }
        long seq = 0;
        long eventId = 0;
        long epoch = 0;
        long lastTradeId = -1;
        for (ContractFile f : ContractFile.values()) {
            Path p = f.in(dayDir, symbolFs, d);
            if (!Files.isRegularFile(p)) {
                continue;
            }
            String line = GzipMembers.lastLine(p);
            if (line == null) {
                continue;
            }
            if (f.isCsv()) {
                String[] cols = line.split(",", 7);
                List<String> names = f.columns(1);
                seq = Math.max(seq, number(cols, names.indexOf("recv_seq")));
                epoch = Math.max(epoch, number(cols, names.indexOf("epoch")));
                if (f == ContractFile.EVENTS) {
                    eventId = Math.max(eventId, number(cols, 0));
                }
                if (f == ContractFile.TRADES) {
                    long id = number(cols, names.indexOf("trade_id"));
                    lastTradeId = id > 0 ? Math.max(lastTradeId, id) : lastTradeId;
                }
            } else {
                seq = Math.max(seq, NdjsonLines.headSeq(line));
            }
        }
        return new DayNumbering(seq, eventId, (int) epoch, lastTradeId);
    }

    /** The number in column {@code at}, or 0 (a header line, a file without that column). */
    private static long number(String[] cols, int at) {
        try {
            return at >= 0 && at < cols.length ? Long.parseLong(cols[at]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public DayNumbering max(DayNumbering o) {
        return new DayNumbering(Math.max(recvSeq, o.recvSeq), Math.max(eventId, o.eventId), Math.max(epoch, o.epoch),
                Math.max(lastTradeId, o.lastTradeId));
    }
}
