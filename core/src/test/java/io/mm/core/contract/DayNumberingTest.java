package io.mm.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an earlier run left in a day: the last line of each file's last intact member. */
class DayNumberingTest {
    private static byte[] member(String text) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    private static void append(Path f, byte[] bytes) throws IOException {
        Files.createDirectories(f.getParent());
        Files.write(f, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void theHighestRecvSeqOfEveryFileAndTheLedgersLastEventId(@TempDir Path data) throws IOException {
        Path day = data.resolve("kraken/BTCUSD/20261205");
        append(ContractFile.EVENTS.in(day, "BTCUSD", "20261205"), member(String.join(",", ContractFile.EVENTS_COLUMNS) + "\n"
                + "1,1796483108832319,0,r1,1,run_start,CONNECTING,,\"{\"\"a\"\":1}\"\n"));
        append(ContractFile.EVENTS.in(day, "BTCUSD", "20261205"), member("2,1796483108832320,57,r1,3,heartbeat,SYNCED,,\"{\"\"b\"\":\"\"x,y\"\"}\"\n"));
        append(ContractFile.DEPTH_DIFFS.in(day, "BTCUSD", "20261205"), member("{\"recv_seq\":60,\"x\":1}\n{\"recv_seq\":61,\"x\":1}\n"));
        append(ContractFile.DEPTH_DIFFS.in(day, "BTCUSD", "20261205"), member("{\"recv_seq\":75,\"x\":1}\n"));
        // a commit appending when the recorder was killed: half a member, which the next commit truncates
        byte[] torn = member("{\"recv_seq\":99,\"x\":1}\n".repeat(200));
        append(ContractFile.DEPTH_DIFFS.in(day, "BTCUSD", "20261205"), Arrays.copyOf(torn, torn.length / 2));
        append(ContractFile.ORDERBOOK.in(day, "BTCUSD", "20261205"), member("recv_ts_us,recv_seq,event_ts_us\n1,74,3\n"));
        append(ContractFile.TRADES.in(day, "BTCUSD", "20261205"), member(String.join(",", ContractFile.TRADES_COLUMNS) + "\n"));
        append(ContractFile.TRADES.in(day, "BTCUSD", "20261205"), member("1796483108832330,58,1796483108832000,1796483108832000,8812,"
                + "97000.1,0.01,buy,limit\n"));

        assertThat(DayNumbering.of(data, Exchange.KRAKEN, "BTCUSD", 20261205)).isEqualTo(new DayNumbering(75, 2, 3, 8812));
        Path headerOnly = data.resolve("header.csv.gz");
        append(headerOnly, member(String.join(",", ContractFile.TRADES_COLUMNS) + "\n"));
        assertThat(GzipMembers.lastLine(headerOnly)).startsWith("recv_ts_us,recv_seq");
    }

    @Test
    void aDayNotRecordedOrAFileWithNoIntactMemberIsNothing(@TempDir Path data) throws IOException {
        assertThat(DayNumbering.of(data, Exchange.BINANCE, "BTCUSDT", 20261205)).isEqualTo(DayNumbering.NONE);
        Path f = data.resolve("x.gz");
        byte[] m = member("{\"recv_seq\":5}\n");
        Files.write(f, Arrays.copyOf(m, m.length - 3)); // its trailer cut
        assertThat(GzipMembers.lastLine(f)).isNull();
        Files.write(f, "not gzip at all".getBytes(StandardCharsets.UTF_8));
        assertThat(GzipMembers.lastLine(f)).isNull();
    }

    @Test
    void aLastMemberLargerThanTheScanBlockAndAHeaderAcrossBlocks(@TempDir Path data) throws IOException {
        Path f = data.resolve("big.ndjson.gz");
        StringBuilder b = new StringBuilder();
        java.util.Random rnd = new java.util.Random(1);
        for (int i = 1; i <= 20_000; i++) {
            b.append("{\"recv_seq\":").append(i).append(",\"pad\":\"").append(Long.toHexString(rnd.nextLong())).append("\"}\n");
        }
        append(f, member("{\"recv_seq\":0}\n"));
        append(f, member(b.toString()));
        assertThat(Files.size(f)).isGreaterThan(64 * 1024);
        assertThat(GzipMembers.lastLine(f)).startsWith("{\"recv_seq\":20000,");
    }
}
