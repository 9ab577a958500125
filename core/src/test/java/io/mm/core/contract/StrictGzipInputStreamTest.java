package io.mm.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

/** Gzip files as Python's gzip module reads them: every member, zero padding, and nothing else after the last. */
class StrictGzipInputStreamTest {

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    static String read(byte[] file, int bufferSize) throws IOException {
        try (StrictGzipInputStream in = new StrictGzipInputStream(new ByteArrayInputStream(file), "x.csv.gz", bufferSize)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsEveryMemberWhateverTheBufferSize() throws IOException {
        StringBuilder big = new StringBuilder();
        Random r = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            big.append(r.nextInt()).append(',').append(i).append('\n');
        }
        byte[] file = concat(gzip("header\n"), gzip(big.toString()), gzip(""), gzip("last\n"));
        for (int size : new int[] {512, 4096, 1 << 16}) {
            assertThat(read(file, size)).isEqualTo("header\n" + big + "last\n");
        }
        assertThat(read(new byte[0], 512)).as("an empty file has no members").isEmpty();
        assertThat(read(concat(gzip("a\n"), new byte[100]), 512)).as("zero padding").isEqualTo("a\n");
    }

    @Test
    void bytesAfterTheLastMemberAreAnErrorNamingTheFileAndOffset() throws IOException {
        byte[] ok = gzip("a\n");
        assertThatThrownBy(() -> read(concat(ok, "garbage".getBytes(StandardCharsets.UTF_8)), 512)).isInstanceOf(ZipException.class)
                .hasMessage("x.csv.gz: trailing bytes at offset " + ok.length + " that are not a gzip member");
        assertThatThrownBy(() -> read(concat(ok, new byte[] {1, 2, 3}), 512)).isInstanceOf(ZipException.class)
                .hasMessageContaining("trailing bytes at offset " + ok.length);
        assertThatThrownBy(() -> read(concat(ok, new byte[] {0, 0, 7}), 512)).isInstanceOf(ZipException.class)
                .hasMessageContaining("bytes after zero padding");
    }

    @Test
    void aTornOrCorruptMemberIsNamed() throws IOException {
        byte[] a = gzip("first\n");
        byte[] b = gzip("second member\n");
        byte[] torn = concat(a, Arrays.copyOf(b, b.length - 5));
        assertThatThrownBy(() -> read(torn, 512)).isInstanceOf(EOFException.class)
                .hasMessage("x.csv.gz: truncated gzip member starting at offset " + a.length);
        byte[] badCrc = concat(a, b);
        badCrc[badCrc.length - 6] ^= 0x55;
        assertThatThrownBy(() -> read(badCrc, 512)).isInstanceOf(ZipException.class).hasMessageContaining("fails its CRC check");
    }

    @Test
    void aGrowingFileReadsItsCompleteMembersAndStopsBeforeATornLastOne() throws IOException {
        byte[] a = gzip("header\nrow 1\n");
        byte[] b = gzip("row 2\nrow 3\n");
        byte[] c = gzip("row 4\n");
        byte[] whole = concat(a, b, c);
        for (int cut = a.length; cut <= whole.length; cut++) {
            try (StrictGzipInputStream in = StrictGzipInputStream.completeMembers(new ByteArrayInputStream(Arrays.copyOf(whole, cut)), "x")) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                String expected = cut == whole.length ? "header\nrow 1\nrow 2\nrow 3\nrow 4\n"
                        : cut >= a.length + b.length ? "header\nrow 1\nrow 2\nrow 3\n" : "header\nrow 1\n";
                assertThat(text).as("cut at " + cut).isEqualTo(expected);
                long torn = cut == whole.length || cut == a.length || cut == a.length + b.length ? -1
                        : cut > a.length + b.length ? a.length + b.length : a.length;
                assertThat(in.truncatedAt()).as("cut at " + cut).isEqualTo(torn);
            }
        }
        byte[] badCrc = concat(a, b);
        badCrc[badCrc.length - 6] ^= 0x55;
        assertThatThrownBy(() -> StrictGzipInputStream.completeMembers(new ByteArrayInputStream(badCrc), "x").readAllBytes())
                .as("damage that is not a torn append is still an error").isInstanceOf(ZipException.class).hasMessageContaining("CRC");
    }
}
