package io.mm.validator;

import io.mm.core.contract.ContractFile;
import io.mm.core.ledger.SnapshotTag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A snapshot's {@code .csv} (what a reader rebuilds the book from) must be the book of its {@code .json} (what the
 * replay reads): the replay renders each exchange snapshot it takes into the CSV the recorder would write, and each
 * recorded CSV must be one of those, in the ledger's order. The recorder's own books ({@code day_open},
 * {@code periodic}) are inputs the replay compares with its book instead.
 */
final class SnapshotCsvCheck {
    private final List<byte[]> replayed = new ArrayList<>();
    private int compared;

    /** A snapshot CSV the replay rendered, in the order it took them. */
    void replayed(byte[] csv) {
        replayed.add(csv);
    }

    /** The ledger's next {@code snapshot} row, in order: a finding when its CSV is not the replay's rendering of its JSON. */
    String recorded(Path dayDir, String eventId, String tag) throws IOException {
        if (tag.equals(SnapshotTag.DAY_OPEN.csvName()) || tag.equals(SnapshotTag.PERIODIC.csvName())) {
            return null;
        }
        int index = compared++;
        String name;
        try {
            name = ContractFile.snapshotCsv(Long.parseLong(eventId), tag);
        } catch (NumberFormatException e) {
            return null; // the replay source names a malformed ledger row
        }
        Path file = dayDir.resolve(name);
        if (!Files.exists(file)) {
            return null; // the replay source names a missing snapshot file
        }
        byte[] rec = Files.readAllBytes(file);
        byte[] same = index < replayed.size() ? replayed.get(index) : null;
        if (same != null && Arrays.equals(rec, same) || replayed.stream().anyMatch(b -> Arrays.equals(b, rec))) {
            return null;
        }
        return name + ": not the book of its .json" + (same == null ? " (the replay took no such snapshot)" : ": " + firstDifference(rec, same));
    }

    private static String firstDifference(byte[] recorded, byte[] fromJson) {
        String[] a = new String(recorded, StandardCharsets.UTF_8).split("\n", -1);
        String[] b = new String(fromJson, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : "<none>";
            String y = i < b.length ? b[i] : "<none>";
            if (!x.equals(y)) {
                return "line " + (i + 1) + " is '" + x + "', the .json gives '" + y + "'";
            }
        }
        return "the bytes differ";
    }
}
