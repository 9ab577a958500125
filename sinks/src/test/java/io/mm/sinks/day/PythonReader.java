package io.mm.sinks.day;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Reads every contract file under a data root with Python's own gzip, csv and json modules, the way researchers read
 * them ({@link io.mm.core.Python}: skipped without python3, failed with {@code CI=true}).
 */
public final class PythonReader {
    private static final String SCRIPT = String.join("\n",
            "import csv, gzip, io, json, os, sys",
            "root = sys.argv[1]",
            "out = {}",
            "for d, _, files in os.walk(root):",
            "    if os.path.basename(d).startswith('.') or '/.' in d: continue",
            "    for f in files:",
            "        if f.startswith('.'): continue",
            "        p = os.path.join(d, f)",
            "        rel = os.path.relpath(p, root)",
            "        if f.endswith('.csv.gz'):",
            "            with gzip.open(p, 'rt', newline='', encoding='utf-8') as fh:",
            "                rows = list(csv.reader(fh))",
            "            out[rel] = {'header': rows[0], 'rows': len(rows) - 1, 'first': rows[1] if len(rows) > 1 else None}",
            "        elif f.endswith('.ndjson.gz'):",
            "            with gzip.open(p, 'rt', encoding='utf-8') as fh:",
            "                objs = [json.loads(l) for l in fh if l.strip()]",
            "            out[rel] = {'rows': len(objs)}",
            "        elif f.endswith('.ndjson'):",
            "            with open(p, encoding='utf-8') as fh:",
            "                objs = [json.loads(l) for l in fh if l.strip()]",
            "            out[rel] = {'rows': len(objs)}",
            "print(json.dumps(out))");

    private PythonReader() {}

    /** JSON: relative path -> {header, rows, first} for CSV, {rows} for NDJSON. Fails the test on any Python error. */
    public static String readAll(Path root) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(io.mm.core.Python.require(), "-c", SCRIPT, root.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("python3 could not read " + root + ":\n" + err);
        }
        return out;
    }
}
