package io.mm.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mm.core.Exchange;
import io.mm.core.contract.ContractFile;
import io.mm.core.feed.RawFrame;
import io.mm.core.sync.BookSyncEngine;
import io.mm.core.sync.ChecksumSyncEngine;
import io.mm.core.sync.SyncState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an events ledger says was fed to a symbol's sync engine besides its diffs: the snapshots (their JSON
 * files) and the lifecycle moments that steer the engine (socket open/close, a recovery, the book subscription,
 * Kraken's instrument precisions, Bitfinex's conf flags, breaks of a Bitfinex connection's sequence numbers), as
 * typed {@link RawFrame}s carrying the row's own details; only the snapshot files are exchange text, as received. A
 * replay merges these with the diffs by
 * {@code recv_seq}: a snapshot is the input with its {@code recv_seq} (rank 0); every other row comes after the
 * input whose {@code recv_seq} it carries, in ledger order (ranks 1, 2, ...). The replay validator and the relay
 * both read ledgers through here.
 */
public final class LedgerInputs {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Ranks per {@code recv_seq}: a frame's order-defining timestamp is {@code recv_seq * RANKS + rank}. */
    public static final int RANKS = 1024;

    /** One input and where it goes in the merge. */
    public record Input(long seq, int rank, RawFrame frame) {}

    /** Reads a snapshot JSON file named by a {@code snapshot} row. */
    public interface SnapshotReader {
        String read(String file, long eventId) throws BadRow;
    }

    /** A ledger row that cannot be replayed; the message says why. */
    public static final class BadRow extends Exception {
        public BadRow(String message) {
            super(message);
        }
    }

    private final Exchange exchange;
    private final String symbol;
    private final String connectionId;
    private final List<Input> inputs = new ArrayList<>();
    private final List<Input> preamble = new ArrayList<>();
    private final Map<Long, Integer> ranks = new HashMap<>();
    private boolean preambleDone;

    public LedgerInputs(Exchange exchange, String symbol, String connectionId) {
        this.exchange = exchange;
        this.symbol = symbol;
        this.connectionId = connectionId;
    }

    /** The inputs so far, in ledger order (sort by seq and rank to merge). */
    public List<Input> inputs() {
        return inputs;
    }

    /** Inputs that go before everything else: Kraken's precisions, known only from a later snapshot row. */
    public List<Input> preamble() {
        return preamble;
    }

    /**
     * Takes one ledger row.
     *
     * @param where the file and line, for messages
     */
    public void row(String where, long eventId, long seq, long tsUs, int epoch, String type, String state, String tag, JsonNode details,
                    SnapshotReader snapshots) throws BadRow {
        switch (type) {
            case "snapshot" -> {
                String source = details.path("source").asText("");
                String json = snapshots.read(ContractFile.snapshotJson(eventId, tag), eventId);
                if (exchange == Exchange.KRAKEN && details.has("price_precision") && !preambleDone) {
                    preamble.add(new Input(0, 0, frame(RawFrame.Type.INSTRUMENT, tsUs, -1, details.toString(), 0)));
                    preambleDone = true;
                }
                // the book comes with the precisions it was read in: also into a run that learned them before the day
                // began, and into a relay that started on the day before this row was written
                boolean precisions = exchange == Exchange.KRAKEN && details.has("price_precision");
                if (precisions && !source.equals("book")) {
                    // just before the snapshot, which is the first input of its recv_seq
                    inputs.add(new Input(seq - 1, rank(seq - 1), frame(RawFrame.Type.INSTRUMENT, tsUs, -1, details.toString(), 0)));
                }
                switch (source) {
                    case "rest" -> inputs.add(new Input(seq, 0, frame(RawFrame.Type.REST_SNAPSHOT, tsUs, seq, json, 0)));
                    case "checkpoint" -> inputs.add(new Input(seq, 0, frame(RawFrame.Type.CHECKPOINT_SNAPSHOT, tsUs, seq, json, 0)));
                    case "ws" -> inputs.add(new Input(seq, 0, frame(RawFrame.Type.DATA, tsUs, seq, json, 0)));
                    case "book" -> {
                        if (precisions) {
                            inputs.add(new Input(seq, rank(seq), frame(RawFrame.Type.INSTRUMENT, tsUs, -1, details.toString(), 0)));
                        }
                        inputs.add(new Input(seq, rank(seq), frame(RawFrame.Type.BOOK_SNAPSHOT, tsUs, -1, json, epoch)));
                    }
                    default -> throw new BadRow(where + ": snapshot event with unknown source '" + source + "'");
                }
            }
            case "run_start" -> inputs.add(new Input(seq, rank(seq), frame(RawFrame.Type.RUN_START, tsUs, -1, details.toString(), epoch)));
            case "window_start" -> {
                // the row's state goes with its details: a book not synced there is followed from that state
                ObjectNode t = details instanceof ObjectNode o ? o.deepCopy() : JSON.createObjectNode();
                inputs.add(new Input(seq, rank(seq), frame(RawFrame.Type.WINDOW_START, tsUs, -1, t.put("state", state).toString(), epoch)));
            }
            case "ws_open" -> inputs.add(new Input(seq, rank(seq), frame(RawFrame.Type.OPEN, tsUs, -1, "replayed ws_open", 0)));
            case "ws_close" -> inputs.add(new Input(seq, rank(seq), frame(RawFrame.Type.CLOSE, tsUs, -1, "replayed ws_close", 0)));
            case "recovery" -> inputs.add(new Input(seq, rank(seq), frame(RawFrame.Type.RECOVERY, tsUs, -1, details.toString(), epoch)));
            case "ws_error" -> inputs.add(new Input(seq, rank(seq), frame(RawFrame.Type.ERROR, tsUs, -1, "replayed ws_error", 0)));
            case "subscribed" -> {
                // the book subscription steers the engine (Binance subscribes by URL: its stream's opening does)
                if (exchange != Exchange.BINANCE && "book".equals(details.path("channel").asText())) {
                    inputs.add(new Input(seq, rank(seq), frame(RawFrame.Type.SUBSCRIBED, tsUs, -1, details.toString(), 0)));
                }
            }
            case "gap" -> {
                // a break of the connection's sequence numbers, seen only by the live source: replayed as it was reported
                if ("connection".equals(details.path("scope").asText())) {
                    inputs.add(new Input(seq, rank(seq), frame(RawFrame.Type.SEQUENCE, tsUs, seq, details.toString(), 0)));
                }
            }
            case "exchange_info" -> {
                String kind = details.path("kind").asText("");
                if (kind.equals("instrument")) {
                    inputs.add(new Input(seq, rank(seq), frame(RawFrame.Type.INSTRUMENT, tsUs, -1, details.toString(), 0)));
                    preambleDone = true;
                } else if (kind.equals("conf") && details.has("flags")) {
                    inputs.add(new Input(seq, rank(seq), frame(RawFrame.Type.GRANTED_FLAGS, tsUs, -1, details.toString(), 0)));
                }
            }
            default -> {
                // outputs of the live run (state changes, gaps, heartbeats, ...): compared, not replayed
            }
        }
    }

    /**
     * What a {@code window_start} input says of the engine when the day opened.
     *
     * @param state      its state (CONNECTING where the row does not say)
     * @param everSynced whether it had been synced before
     * @param depth      the depth a checksum engine cut the book to, 0 where the row does not say
     * @param ownUpdatesOnly the recorder dropped what its book, being synced, had buffered before the day (it opened after a
     *                   pause) and resynced one not yet proven ({@link BookSyncEngine#dayOpened})
     */
    public record DayOpen(SyncState state, boolean everSynced, int depth, boolean ownUpdatesOnly) {
        /** Reads a {@link RawFrame.Type#WINDOW_START} input; {@code everSynced} is the reader's where the row is silent. */
        public static DayOpen of(RawFrame f, boolean everSynced) {
            try {
                JsonNode d = JSON.readTree(f.text());
                if (d == null) {
                    return new DayOpen(SyncState.CONNECTING, everSynced, 0, false);
                }
                SyncState s = d.hasNonNull("state") ? SyncState.valueOf(d.get("state").asText()) : SyncState.CONNECTING;
                return new DayOpen(s, LedgerInputs.everSynced(d, f.connection(), everSynced), d.path("depth").asInt(0),
                        d.path("own_updates_only").asBoolean(false));
            } catch (java.io.IOException | IllegalArgumentException e) {
                return new DayOpen(SyncState.CONNECTING, everSynced, 0, false);
            }
        }

        /** What a book being synced when a day opens is told ({@link BookSyncEngine#dayOpened}). */
        public static final String REASON = "a trading day opened before the snapshot was proven";

        /**
         * Puts an engine that has synced nothing of the day yet where the live run's was: cut to the day's depth and, where
         * the book was waiting for a socket or a snapshot (a synced day resumes from its day_open), in the row's state,
         * {@code epoch} and history, then doing what the live run did there. A book applied but not proven is followed
         * only where the recorder resynced it.
         *
         * @return true when that started a resync (a snapshot is needed)
         */
        public boolean applyTo(BookSyncEngine engine, int epoch) {
            if (engine instanceof ChecksumSyncEngine c) {
                c.subscribedDepth(depth); // the recorder's, whatever the reader's settings say
            }
            boolean followed = state == SyncState.CONNECTING || state == SyncState.SNAPSHOT || state == SyncState.RESYNCING
                    || state == SyncState.SYNCING && ownUpdatesOnly;
            if (!followed || engine.isSynced() || engine.state() == SyncState.SYNCING) {
                return false;
            }
            engine.machine().restore(state, epoch, everSynced);
            return ownUpdatesOnly && engine.dayOpened(REASON);
        }
    }

    /**
     * Whether the engine of a {@code recovery} or {@code window_start} row had ever been synced: its {@code ever_synced},
     * else what its epoch and restored state imply (an epoch above 1 was entered by a resync of a synced book), else
     * {@code otherwise}.
     */
    public static boolean everSynced(String rowDetails, int epoch, boolean otherwise) {
        try {
            JsonNode d = JSON.readTree(rowDetails);
            return d == null ? otherwise || epoch > 1 : everSynced(d, epoch, otherwise);
        } catch (java.io.IOException e) {
            return otherwise;
        }
    }

    /** As {@link #everSynced(String, int, boolean)}, for details already read. */
    public static boolean everSynced(JsonNode details, int epoch, boolean otherwise) {
        if (details.has("ever_synced")) {
            return details.get("ever_synced").asBoolean();
        }
        return otherwise || epoch > 1 || "SYNCED".equals(details.path("restored_state").asText());
    }

    /**
     * A {@link RawFrame.Type#RECOVERY} input: the recorder's engine resumed there from its checkpoint, its socket lost,
     * waiting in the row's epoch with the history the row says; an engine reading the day takes the same state.
     */
    public static void resumeRecovered(BookSyncEngine engine, RawFrame recovery) {
        engine.machine().restore(SyncState.CONNECTING, recovery.connection(),
                everSynced(recovery.text(), recovery.connection(), engine.machine().everSynced()));
    }

    private int rank(long seq) {
        int r = ranks.merge(seq, 1, Integer::sum);
        return Math.min(r, RANKS - 1);
    }

    private RawFrame frame(RawFrame.Type type, long recvUs, long seq, String text, int connection) {
        return new RawFrame(exchange, symbol, connectionId, connection, type, recvUs, seq, text);
    }
}
