/**
 * Replay validation ({@code bin/mm validate}): the bounded job ({@code ValidatorJob}, BATCH) runs recorded days
 * through the recorder's own keyed operator in replay mode and compares what it computes with what was written,
 * book frame for book frame ({@code ReplayComparator}), after checking that a day directory holds only its own
 * contract files ({@code DayFilesAudit}); every trades row is checked against the raw message it came from
 * ({@code TradesAudit}) and every exchange snapshot's CSV against its JSON ({@code SnapshotCsvCheck});
 * {@code DayReport} is one day's verdict.
 */
package io.mm.validator;
