package io.mm.sinks.day;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

/** Reads concatenated-member gzip files the way every user tool does. */
final class GzipFiles {
    private GzipFiles() {}

    static String read(Path p) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    static List<String> lines(Path p) throws IOException {
        return read(p).lines().toList();
    }

    /** How many gzip members the file holds (each as the sink writes it: a 10-byte header without extra fields). */
    static int members(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        int pos = 0;
        int n = 0;
        byte[] sink = new byte[64 * 1024];
        while (pos < b.length) {
            if ((b[pos] & 0xff) != 0x1f || (b[pos + 1] & 0xff) != 0x8b || b[pos + 3] != 0) {
                throw new IOException(p + ": no plain gzip member header at byte " + pos);
            }
            Inflater inf = new Inflater(true);
            try {
                inf.setInput(b, pos + 10, b.length - pos - 10);
                while (!inf.finished()) {
                    if (inf.inflate(sink) == 0 && (inf.needsInput() || inf.needsDictionary())) {
                        throw new IOException(p + ": member " + n + " is truncated");
                    }
                }
                pos = b.length - inf.getRemaining() + 8; // the CRC32 and ISIZE trailer
            } catch (DataFormatException e) {
                throw new IOException(p + ": member " + n + ": " + e.getMessage(), e);
            } finally {
                inf.end();
            }
            n++;
        }
        return n;
    }
}
