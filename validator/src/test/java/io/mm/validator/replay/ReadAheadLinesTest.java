package io.mm.validator.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ReadAheadLinesTest {

    @Test
    void everyLineArrivesOnceInOrderAcrossManyBatches() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            text.append("{\"recv_seq\":").append(i).append(",\"raw\":\"é\"}\n");
        }
        text.append("last line without newline");
        List<String> got = readAll(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(got).hasSize(10_001);
        assertThat(got.get(0)).isEqualTo("{\"recv_seq\":0,\"raw\":\"é\"}");
        assertThat(got.get(9_999)).isEqualTo("{\"recv_seq\":9999,\"raw\":\"é\"}");
        assertThat(got.get(10_000)).isEqualTo("last line without newline");
    }

    @Test
    void theLinesBeforeATruncatedGzipArriveThenItsFailure() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            java.util.Random rnd = new java.util.Random(1);
            for (int i = 0; i < 100_000; i++) { // several MB: many batches pass before the cut
                out.write(("line " + i + " " + rnd.nextLong() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] whole = gz.toByteArray();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 12); // the trailer and the end of the deflate stream
        try (ReadAheadLines r = new ReadAheadLines(new GZIPInputStream(new ByteArrayInputStream(cut)), "test")) {
            List<String> got = new ArrayList<>();
            assertThatThrownBy(() -> {
                String l;
                while ((l = r.readLine()) != null) {
                    got.add(l);
                }
            }).isInstanceOf(EOFException.class);
            assertThat(got).hasSizeGreaterThan(90_000).hasSizeLessThan(100_000);
            for (int i = 0; i < got.size(); i++) {
                assertThat(got.get(i)).startsWith("line " + i + " "); // nothing before the failure lost or reordered
            }
        }
    }

    @Test
    void closingStopsTheReaderThread() throws Exception {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return '\n';
            }
        };
        ReadAheadLines r = new ReadAheadLines(endless, "endless-test");
        assertThat(r.readLine()).isEmpty();
        Thread t = Thread.getAllStackTraces().keySet().stream().filter(x -> x.getName().equals("endless-test")).findFirst().orElseThrow();
        assertThat(t.isAlive()).as("an endless input keeps its reader busy").isTrue();
        r.close();
        t.join(5_000);
        assertThat(t.isAlive()).isFalse();
    }

    private static List<String> readAll(InputStream in) throws IOException {
        List<String> out = new ArrayList<>();
        try (ReadAheadLines r = new ReadAheadLines(in, "test")) {
            String l;
            while ((l = r.readLine()) != null) {
                out.add(l);
            }
        }
        return out;
    }
}
