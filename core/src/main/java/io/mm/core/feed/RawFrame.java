package io.mm.core.feed;

import io.mm.core.Exchange;
import io.mm.core.state.EnumCodes;

/**
 * What the WebSocket source hands downstream: one received text frame, or a connection lifecycle moment,
 * for one symbol (connection-level frames are fanned out to every symbol of the connection, so each
 * symbol's ledger sees them). The keyed operator parses a {@link Type#DATA} frame's text itself, so the replay
 * validator feeds it the very same frames from a recording. What a replay knows only from the events ledger (the
 * book subscription, the instrument's precisions, the flags granted) comes as typed inputs ({@link Type#SUBSCRIBED},
 * {@link Type#INSTRUMENT}, {@link Type#GRANTED_FLAGS}) carrying the ledger row's own details, which the operator
 * takes exactly as it takes the live exchange messages they record: no exchange message is made up. The live sources
 * pass the exchange's messages on as received (the operator's parser holds the connection's protocol state), except
 * Kraken's instruments, whose one message for every pair the source splits into typed inputs per symbol.
 *
 * @param exchange     the exchange
 * @param symbol       the exchange's own symbol (the routing key with the exchange)
 * @param connectionId the source split (one exchange connection) this came from; in replay the day split's id
 *                     {@code exchange/SYMBOL_FS/YYYYMMDD}, which is also the replay's key
 * @param connection   connection attempt number within the split, +1 on every (re)connect
 * @param type         data or lifecycle
 * @param recvTimeUs   receive time, microseconds since the epoch
 * @param recvSeq      the recording's {@code recv_seq} when replaying; -1 live (the operator assigns it)
 * @param text         the frame text; for lifecycle records a short description; for a replayed snapshot
 *                     the snapshot JSON file's content
 */
public record RawFrame(Exchange exchange, String symbol, String connectionId, int connection, Type type,
                       long recvTimeUs, long recvSeq, String text) {

    public enum Type {
        /** A text frame from the exchange. */
        DATA(0),
        /** The socket is open and the subscription request was sent. */
        OPEN(1),
        /** The socket closed (by either side); {@code text} says why. */
        CLOSE(2),
        /** The socket failed; {@code text} says why. */
        ERROR(3),
        /** A reconnect is scheduled; {@code text} says after how long and why. */
        RECONNECT(4),
        /** No data arrived for {@code WS_NO_DATA_WARN_S}. */
        STALL(5),
        /** The hand-off queue overflowed and frames were dropped; {@code text} says how many. */
        OVERFLOW(6),
        /** Replay only: a recorded REST snapshot body (its JSON file's content) in {@code text}. */
        REST_SNAPSHOT(7),
        /**
         * Replay only: a snapshot the recorder wrote from its own synced book ({@code day_open}), in the
         * exchange's snapshot shape; {@code connection} holds the epoch it was written in. The day resumes from it.
         */
        BOOK_SNAPSHOT(8),
        /** Replay only: the recording cannot be used from here on; {@code text} names the file, line and problem. */
        INPUT_ERROR(9),
        /** Replay only: the day's input is complete; {@code text} is a JSON object of counts ({@code diffs}). */
        END_OF_DAY(10),
        /**
         * The connection's own sequence numbers (Bitfinex SEQ) broke: a hole (to every symbol of the connection: any
         * of them may have lost a message), or a late or repeated message of one symbol's channel (to that symbol;
         * a repeat, and a late book message, were not forwarded). {@code text} is a JSON object: {@code issue}
         * ({@code hole}, {@code late}, {@code duplicate}), {@code expected}, {@code got}, and {@code channel} and
         * {@code dropped} for late and repeated messages.
         */
        SEQUENCE(11),
        /**
         * Replay only: the book the recorder restored from a checkpoint and wrote when it resumed (a {@code snapshot} row
         * with source {@code checkpoint}), in the exchange's REST snapshot shape in {@code text}; taken as an out-of-band
         * snapshot, as the live run took it.
         */
        CHECKPOINT_SNAPSHOT(12),
        /**
         * Replay only: the book subscription the live run was acknowledged (a {@code subscribed} row); {@code text} is the
         * row's details: {@code channel}, and {@code depth} and {@code chan_id} where the exchange said them.
         */
        SUBSCRIBED(13),
        /**
         * The instrument's precisions (Kraken): live, the source's pick of the symbol's pair from the instrument channel's
         * message (one names every pair); in a replay, an {@code exchange_info} row of kind {@code instrument}, or the first
         * snapshot row that names them. {@code text} is a JSON object: {@code price_precision}, {@code qty_precision}, and
         * {@code status} where known.
         */
        INSTRUMENT(14),
        /**
         * Replay only: the flags a connection's server granted (Bitfinex: an {@code exchange_info} row of kind
         * {@code conf}); {@code text} is the row's details: {@code flags} and {@code status}.
         */
        GRANTED_FLAGS(15),
        /**
         * Replay only: a run started here without a checkpoint (a {@code run_start} row); {@code connection} holds the
         * row's epoch, {@code text} its details. The live run started the symbol over (a new engine, an empty book), so
         * the replay does too; {@code continues_recv_seq} in the details says the run numbered on from an earlier one in
         * the day, whose book it then counts as lost ({@link #isContinuingRun}).
         */
        RUN_START(16),
        /**
         * The connection's session passed to a new socket without a loss (Binance, whose update and trade ids are the same on
         * every connection): the frames after this one come from the new socket, {@code connection} is its attempt, and
         * {@code text} says why and from which update the book continues. The book is not reset: the operator checks the
         * next update's continuity as for any other.
         */
        HANDOVER(17),
        /**
         * Replay only: the live run resumed here from a checkpoint (a {@code recovery} row): its socket gone, its engine
         * waiting in the row's epoch ({@code connection}) for the stream to continue its book or for a resync;
         * {@code text} is the row's details ({@code ever_synced}). A day that opened while the recorder was away
         * begins with it.
         */
        RECOVERY(18),
        /**
         * Replay only: a trading day opened here while the live run went on (a {@code window_start} row): {@code connection}
         * is the row's epoch, {@code text} its details ({@code ever_synced}, {@code depth}, {@code own_updates_only}) and its
         * {@code state}. A book not synced there takes that state, epoch and history ({@link
         * io.mm.core.ledger.LedgerInputs.DayOpen#applyTo}).
         */
        WINDOW_START(19);

        private static final EnumCodes<Type> CODES = EnumCodes.of(Type.class, Type::code);

        private final byte code;

        Type(int code) {
            this.code = (byte) code;
        }

        /** The stable code of this type in serialized records: never changed, never reused. */
        public byte code() {
            return code;
        }

        /** The type of {@code code}; an unknown code fails naming it. */
        public static Type ofCode(int code) {
            return CODES.decode(code);
        }
    }

    /** A {@link Type#RUN_START} of a run that numbered on from an earlier run's rows in its day. */
    public boolean isContinuingRun() {
        return type == Type.RUN_START && text != null && text.contains("\"continues_recv_seq\"");
    }

    /** The keyed operator's key: {@code exchange:symbol}. */
    public String key() {
        return key(exchange, symbol);
    }

    public static String key(Exchange exchange, String symbol) {
        return exchange.id() + ":" + symbol;
    }
}
