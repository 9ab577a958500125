package io.mm.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A day file's members found by bisection: never after a line that is wanted, and close to the first one. */
class GzipMembersTest {
    /** A file of members as the sink appends them: each the lines of one commit. */
    private static final class DayFile {
        final List<Long> memberOffsets = new ArrayList<>();
        final List<Long> memberFirstSeq = new ArrayList<>();
        long lastSeq;
    }

    private static DayFile write(Path f, int members, Random rnd) throws IOException {
        DayFile d = new DayFile();
        long seq = 0;
        try (OutputStream out = Files.newOutputStream(f)) {
            long offset = 0;
            for (int m = 0; m < members; m++) {
                ByteArrayOutputStream member = new ByteArrayOutputStream();
                try (GZIPOutputStream gz = new GZIPOutputStream(member)) {
                    int lines = 1 + rnd.nextInt(40);
                    for (int l = 0; l < lines; l++) {
                        seq += 1 + rnd.nextInt(3); // trades and other inputs take recv_seq values too
                        if (l == 0) {
                            d.memberOffsets.add(offset);
                            d.memberFirstSeq.add(seq);
                        }
                        StringBuilder raw = new StringBuilder();
                        for (int i = 0; i < 20 + rnd.nextInt(200); i++) {
                            raw.append((char) ('!' + rnd.nextInt(90)));
                        }
                        gz.write(("{\"recv_seq\":" + seq + ",\"recv_ts_us\":" + (1_700_000_000_000_000L + seq) + ",\"raw\":\""
                                + raw.toString().replace("\\", "/").replace("\"", "'") + "\"}\n").getBytes(StandardCharsets.UTF_8));
                    }
                }
                out.write(member.toByteArray());
                offset += member.size();
            }
        }
        d.lastSeq = seq;
        return d;
    }

    private static long seek(Path f, long seq, long minSpan) throws IOException {
        try (FileChannel ch = FileChannel.open(f)) {
            return GzipMembers.atOrBefore(ch, seq, minSpan);
        }
    }

    /** The first recv_seq read from {@code offset} on (the whole rest of the file is one gzip stream from there). */
    private static List<Long> seqsFrom(Path f, long offset) throws IOException {
        List<Long> out = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(f);
             BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Channels.newInputStream(ch.position(offset))),
                     StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(Long.parseLong(line.substring(12, line.indexOf(','))));
            }
        }
        return out;
    }

    @Test
    void everyWantedLineIsAfterTheMemberFoundAndItIsWithinTheLastSpanOfTheBestMember(@TempDir Path dir) throws IOException {
        Random rnd = new Random(7);
        Path f = dir.resolve("depth_diffs_X_20261205.ndjson.gz");
        DayFile d = write(f, 3000, rnd);
        long size = Files.size(f);
        long minSpan = 8 * 1024;
        assertThat(size).isGreaterThan(100 * minSpan);
        for (int t = 0; t < 300; t++) {
            long target = rnd.nextLong(d.lastSeq + 10);
            long at = seek(f, target, minSpan);
            int idx = d.memberOffsets.indexOf(at);
            assertThat(idx).as("offset " + at + " for recv_seq " + target + " is a member's start").isGreaterThanOrEqualTo(0);
            assertThat(d.memberFirstSeq.get(idx)).as("the member's first line is not after " + target).isLessThanOrEqualTo(Math.max(target,
                    d.memberFirstSeq.get(0)));
            int best = 0;
            for (int m = 0; m < d.memberOffsets.size(); m++) {
                if (d.memberFirstSeq.get(m) <= target) {
                    best = m;
                }
            }
            assertThat(d.memberOffsets.get(best) - at).as("bytes before the best member for " + target).isLessThanOrEqualTo(minSpan);
        }
        // what the relay reads from there: every line after the target, in order
        long target = d.memberFirstSeq.get(2000) + 1;
        List<Long> from = seqsFrom(f, seek(f, target, minSpan));
        List<Long> all = seqsFrom(f, 0);
        assertThat(from.stream().filter(s -> s > target).toList()).isEqualTo(all.stream().filter(s -> s > target).toList());
        assertThat(from.size()).as("lines read from the member found").isLessThan(all.size() / 2);
    }

    @Test
    void aTornMemberAtTheEndOrOneMemberOnlyIsStillAnAnswerThatLosesNothing(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("d.ndjson.gz");
        DayFile d = write(f, 400, new Random(3));
        byte[] whole = Files.readAllBytes(f);
        // a commit appending its member when the relay looks: half a member at the end
        ByteArrayOutputStream torn = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(torn)) {
            gz.write(("{\"recv_seq\":" + (d.lastSeq + 1) + ",\"raw\":\"x\"}\n").repeat(50).getBytes(StandardCharsets.UTF_8));
        }
        Files.write(f, java.util.Arrays.copyOf(torn.toByteArray(), torn.size() / 2), StandardOpenOption.APPEND);
        long at = seek(f, d.lastSeq + 5, 1024);
        assertThat(at).isLessThan(whole.length);
        assertThat(d.memberOffsets).contains(at);

        Path one = dir.resolve("one.ndjson.gz");
        write(one, 1, new Random(4));
        assertThat(seek(one, Long.MAX_VALUE, 16)).isZero();
    }

    @Test
    void aFileThatIsNotTheRecordersIsReadFromItsStart(@TempDir Path dir) throws IOException {
        Path other = dir.resolve("other.gz");
        try (OutputStream out = Files.newOutputStream(other)) {
            for (int m = 0; m < 500; m++) {
                ByteArrayOutputStream member = new ByteArrayOutputStream();
                try (GZIPOutputStream gz = new GZIPOutputStream(member)) {
                    gz.write(("{\"seq\":" + m + ",\"pad\":\"" + "ab".repeat(100 + m) + "\"}\n").getBytes(StandardCharsets.UTF_8));
                }
                out.write(member.toByteArray());
            }
        }
        assertThat(seek(other, 400, 256)).isZero();
    }
}
