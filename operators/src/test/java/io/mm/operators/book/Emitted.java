package io.mm.operators.book;

import io.mm.core.contract.CsvRows;
import io.mm.core.contract.FileRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;

/** The operator's output assembled into files, as the sink would write them (headers aside). */
final class Emitted {
    final Map<String, StringBuilder> appended = new LinkedHashMap<>();
    final Map<String, String> whole = new LinkedHashMap<>();
    final Map<String, StringBuilder> live = new LinkedHashMap<>();

    Emitted(Iterable<FileRecord> records) {
        for (FileRecord r : records) {
            String s = new String(r.data(), StandardCharsets.UTF_8);
            switch (r.kind()) {
                case FileRecord.APPEND -> appended.computeIfAbsent(r.path(), k -> new StringBuilder()).append(s);
                case FileRecord.WHOLE_FILE -> {
                    if (whole.put(r.path(), s) != null) {
                        throw new AssertionError("snapshot file written twice: " + r.path());
                    }
                }
                default -> live.computeIfAbsent(r.path(), k -> new StringBuilder()).append(s);
            }
        }
    }

    String file(String suffix) {
        List<String> hits = appended.keySet().stream().filter(k -> k.endsWith(suffix)).toList();
        if (hits.size() != 1) {
            throw new AssertionError("expected one file ending " + suffix + ", got " + hits + " of " + appended.keySet());
        }
        return appended.get(hits.get(0)).toString();
    }

    List<String> lines(String suffix) {
        return file(suffix).lines().toList();
    }

    /** CSV rows with the given header. */
    List<CSVRecord> csv(String suffix, List<String> header) throws IOException {
        return CsvRows.parse(String.join(",", header) + "\n" + file(suffix));
    }

    List<String> eventTypes() throws IOException {
        List<String> t = new ArrayList<>();
        for (CSVRecord r : csv("events_BTCUSD_" + day() + ".csv.gz", io.mm.core.contract.ContractFile.EVENTS_COLUMNS)) {
            t.add(r.get("type"));
        }
        return t;
    }

    String day() {
        String k = appended.keySet().iterator().next();
        return k.split("/")[2];
    }
}
