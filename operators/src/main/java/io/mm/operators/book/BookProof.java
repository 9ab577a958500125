package io.mm.operators.book;

import com.fasterxml.jackson.databind.JsonNode;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.ledger.EventType;
import io.mm.core.ledger.Gap;
import io.mm.core.ledger.GapKind;
import io.mm.core.sync.SyncOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What proves a symbol's book, in the ledger: the proofs its connection was granted (Bitfinex's conf flags: checksums,
 * sequence numbers, or neither); breaks of the connection's own sequence numbers, and frames its source had to drop, as
 * gap rows and events whatever the books say, since a lost trades message shows nowhere else; and what a break leaves
 * unproven: after a hole, a drop, or a book message out of place, a synced book is unproven until its next checksum agrees
 * (a {@code book_proven} event) or disagrees (a resync).
 */
final class BookProof {
    private static final Logger LOG = LoggerFactory.getLogger(BookProof.class);

    private final String exchange;
    private final String symbol;
    private final Ledger ledger;
    private final Telemetry telemetry;
    private final boolean replay;
    /** The recv_seq of a break that may have hit the synced book, until a checksum proves the book. */
    private long unprovenSinceSeq = DepthUpdate.NONE;

    BookProof(String exchange, String symbol, Ledger ledger, Telemetry telemetry, boolean replay) {
        this.exchange = exchange;
        this.symbol = symbol;
        this.ledger = ledger;
        this.telemetry = telemetry;
        this.replay = replay;
    }

    /**
     * The server's answer to the flags asked for: checksums (the default), or nothing, in which case the stream's
     * snapshot is the book, unproven, guarded by the connection's sequence numbers if those were granted. Said in the
     * ledger; the source says it on the console.
     */
    void granted(ExchangeKit.GrantedFlags g, long now) {
        Details d = Details.of("granted_flags", g.granted()).put("asked_flags", g.asked());
        if (!g.checksums() && !g.sequence()) {
            ledger.event(now, EventType.EXCHANGE_ERROR, d.put("error", "neither checksums nor sequence numbers granted: lost messages "
                    + "cannot be detected, book frames are unproven"));
            if (!replay) {
                LOG.error("{} {}: Bitfinex granted neither checksums nor sequence numbers (flags {}): lost messages cannot be detected",
                        exchange, symbol, g.granted());
            }
        } else if (!g.checksums()) {
            ledger.event(now, EventType.WARNING, d.put("warning", "no checksums granted: book frames are unproven, kept by the "
                    + "connection's sequence numbers"));
        } else if (!g.sequence()) {
            ledger.event(now, EventType.WARNING, d.put("warning", "no sequence numbers granted: a lost trades message cannot be detected"));
        }
    }

    /**
     * A break as the source reported it: {@code report} is a JSON object ({@code issue}, {@code expected}, {@code got},
     * and {@code channel} and {@code dropped} for a late or repeated message). {@code provable}: the book is synced and
     * checksums prove it.
     */
    void broken(String report, long now, String connection, long lastDataRecvUs, boolean provable) {
        JsonNode d;
        try {
            d = Details.JSON.readTree(report);
        } catch (java.io.IOException e) {
            ledger.event(now, EventType.WARNING, Details.of("warning", "unreadable sequence report").put("detail", Details.clip(report, 200)));
            return;
        }
        String issue = d.path("issue").asText("hole");
        if (issue.equals("dropped")) {
            dropped(now, d.path("lost_messages").asLong(), d.path("cause").asText(), connection, lastDataRecvUs, provable);
            return;
        }
        long expected = d.path("expected").asLong();
        long got = d.path("got").asLong();
        boolean hole = issue.equals("hole");
        Details det = Details.of("issue", issue).put("scope", "connection").put("expected", expected).put("got", got)
                .put("connection", connection);
        if (hole) {
            det.put("lost_messages", got - expected).put("trades", Gap.TRADES_POSSIBLY_INCOMPLETE).put("since_recv_ts_us", lastDataRecvUs)
                    .put("until_recv_ts_us", now);
        } else {
            det.put("channel", d.path("channel").asText()).put("dropped", d.path("dropped").asBoolean());
        }
        boolean bookHit = hole || "book".equals(d.path("channel").asText());
        sequenceGap(now, det, Long.toString(expected), Long.toString(got), bookHit && provable);
    }

    /** Frames of this symbol the connection's source had to drop ({@code cause} says how many and why): a gap as for a hole. */
    void dropped(long now, long lost, String cause, String connection, long lastDataRecvUs, boolean provable) {
        Details det = Details.of("issue", "dropped").put("scope", "connection").put("lost_messages", lost).put("cause", cause)
                .put("connection", connection).put("trades", Gap.TRADES_POSSIBLY_INCOMPLETE).put("since_recv_ts_us", lastDataRecvUs)
                .put("until_recv_ts_us", now);
        sequenceGap(now, det, "", "", provable);
    }

    private void sequenceGap(long now, Details det, String expected, String got, boolean unproven) {
        telemetry.gap();
        ledger.event(now, EventType.GAP, det);
        ledger.gap(now, GapKind.SEQUENCE, expected, got, det);
        if (unproven) {
            unprovenSinceSeq = ledger.recvSeq();
        }
    }

    /** The engine's outcome of an input: a checksum that agrees proves the book again; a book not synced needs no proof. */
    void outcome(SyncOutcome o, DepthUpdate u, long now, boolean synced) {
        if (unprovenSinceSeq != DepthUpdate.NONE && u.hasChecksum && (o == SyncOutcome.APPLIED || o == SyncOutcome.VERIFIED)) {
            ledger.event(now, EventType.BOOK_PROVEN, Details.of("since_recv_seq", unprovenSinceSeq).put("checksum", u.checksum));
            unprovenSinceSeq = DepthUpdate.NONE;
        } else if (!synced) {
            unprovenSinceSeq = DepthUpdate.NONE; // a resync proves the next book instead
        }
    }
}
