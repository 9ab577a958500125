package io.mm.core.ledger;

/**
 * One row of {@code gaps_<SYMBOL_FS>_<YYYYMMDD>.csv.gz}: a detected loss or inconsistency.
 *
 * @param tsUs     when it was detected
 * @param recvSeq  the input that revealed it
 * @param epoch    the epoch in which it was detected
 * @param kind     sequence, checksum, disconnect, recovery or stall
 * @param expected what should have come (next update id, the exchange's checksum, a time)
 * @param got      what came
 * @param details  a JSON object
 */
public record Gap(long tsUs, long recvSeq, int epoch, GapKind kind, String expected, String got, String details) {
    /**
     * {@code details.trades} of a gap after which the trades received from {@code details.since_recv_ts_us} to
     * {@code details.until_recv_ts_us} may be incomplete (a Bitfinex sequence hole, a trade id hole, messages the recorder dropped);
     * candles built from recorded trades do not trust that span.
     */
    public static final String TRADES_POSSIBLY_INCOMPLETE = "possibly incomplete";
}
