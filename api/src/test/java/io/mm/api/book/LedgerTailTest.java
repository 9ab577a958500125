package io.mm.api.book;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.contract.ContractFile;
import io.mm.core.ledger.EventType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the relay reads from a day's ledger besides its inputs. */
class LedgerTailTest {
    private static LedgerTail ledger(Path day, String... rows) throws IOException {
        Files.createDirectories(day);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(ContractFile.EVENTS.in(day, "BTCUSDT", "20261205")))) {
            out.write((String.join(",", ContractFile.EVENTS_COLUMNS) + "\n" + String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        LedgerTail t = new LedgerTail(day, Exchange.BINANCE, "BTCUSDT", "BTCUSDT", 20261205);
        assertThat(t.refresh()).isTrue();
        return t;
    }

    @Test
    void aDayNumberedOnAcrossRunsCanBeSoughtInAndOneNumberedAgainFromZeroCannot(@TempDir Path dir) throws IOException {
        LedgerTail onwards = ledger(dir.resolve("a"),
                "1,1,0,r1,1,run_start,CONNECTING,,{}",
                "2,2,40,r1,1,run_end,STOPPED,,{}",
                "3,3,40,r2,1,run_start,CONNECTING,,\"{\"\"continues_recv_seq\"\":40}\"",
                "4,4,41,r2,1,heartbeat,CONNECTING,,{}");
        assertThat(onwards.numberedInOrder()).isTrue();
        assertThat(onwards.endSeq(EventType.RUN_END)).as("the newest row is no run_end").isEqualTo(-1);

        LedgerTail again = ledger(dir.resolve("b"),
                "1,1,0,r1,1,run_start,CONNECTING,,{}",
                "2,2,40,r1,1,run_end,STOPPED,,{}",
                "1,3,0,r2,1,run_start,CONNECTING,,{}");
        assertThat(again.numberedInOrder()).isFalse();
    }

    @Test
    void aCleanStopIsTheNewestRowsRunEndWithItsTime(@TempDir Path dir) throws IOException {
        LedgerTail t = ledger(dir, "1,100,0,r1,1,run_start,CONNECTING,,{}", "2,200,40,r1,1,run_end,STOPPED,,{}");
        assertThat(t.endSeq(EventType.RUN_END)).isEqualTo(40);
        assertThat(t.endTsUs(EventType.RUN_END)).isEqualTo(200);
    }
}
