package io.mm.validator;

import java.util.List;
import java.util.Map;

/**
 * What the replay of one day directory found.
 *
 * @param dayDir           the directory
 * @param diffs            depth diffs replayed
 * @param snapshots        snapshot events in the ledger
 * @param framesRecorded   rows of the recorded {@code orderbook_ws_depth} file
 * @param framesReplayed   rows the replay computed
 * @param framesEqual      the two are equal, row for row
 * @param framesDiffering  rows that differ: recorded and replayed unequal, or in only one of the two
 * @param firstDifference  where they first differ (row number, both rows), or null
 * @param gapsRecorded     recorded gap rows by kind
 * @param gapsReplayed     sequence and checksum gaps the replay detected
 * @param gapMismatches    sequence/checksum gaps found by only one of recording and replay
 * @param resyncsRecorded  {@code resync_start} events in the ledger
 * @param resyncsReplayed  resyncs the replay started
 * @param epochs           the highest epoch in the ledger
 * @param neverSynced      diffs were recorded but the book never synced (no frame recorded or replayed): a day without a
 *                         book is a loss, exit code 1
 * @param errors           why the day is (partly) unusable: file, line, problem
 * @param findings         other discrepancies (a day_open snapshot that disagrees with the replayed book)
 */
public record DayReport(String dayDir, long diffs, long snapshots, long framesRecorded, long framesReplayed, boolean framesEqual, long framesDiffering,
                        String firstDifference, Map<String, Long> gapsRecorded, Map<String, Long> gapsReplayed,
                        List<String> gapMismatches, long resyncsRecorded, long resyncsReplayed, int epochs, boolean neverSynced,
                        List<String> errors, List<String> findings) {

    public enum Status { CLEAN, GAPS, MISMATCH, UNUSABLE }

    public Status status() {
        if (!errors.isEmpty()) {
            return Status.UNUSABLE;
        }
        if (!framesEqual || !gapMismatches.isEmpty() || resyncsRecorded != resyncsReplayed || !findings.isEmpty()) {
            return Status.MISMATCH;
        }
        long gaps = gapsRecorded.values().stream().mapToLong(Long::longValue).sum();
        return gaps > 0 || neverSynced ? Status.GAPS : Status.CLEAN;
    }

    /** The original's exit codes: 0 clean, 1 a gap or mismatch, 2 unusable input. */
    public int exitCode() {
        return switch (status()) {
            case CLEAN -> 0;
            case GAPS, MISMATCH -> 1;
            case UNUSABLE -> 2;
        };
    }

    /** One readable line, then details where there is something to say. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(dayDir).append(": ").append(status().name().toLowerCase(java.util.Locale.ROOT)).append(" - ")
                .append(diffs).append(" diffs, ").append(snapshots).append(" snapshots, ")
                .append(framesReplayed).append('/').append(framesRecorded).append(" frames")
                .append(framesEqual ? " equal" : ", " + framesDiffering + (framesDiffering == 1 ? " differs" : " differ"))
                .append(", gaps ").append(gapsRecorded.isEmpty() ? "none" : gapsRecorded)
                .append(", resyncs ").append(resyncsReplayed).append('/').append(resyncsRecorded)
                .append(", epochs ").append(epochs);
        if (neverSynced) {
            sb.append("\n    never synced: ").append(diffs).append(" diffs and not one book frame");
        }
        if (firstDifference != null) {
            sb.append("\n    first difference: ").append(firstDifference);
        }
        for (String m : gapMismatches) {
            sb.append("\n    gap: ").append(m);
        }
        for (String f : findings) {
            sb.append("\n    finding: ").append(f);
        }
        for (String e : errors) {
            sb.append("\n    unusable: ").append(e);
        }
        return sb.toString();
    }
}
