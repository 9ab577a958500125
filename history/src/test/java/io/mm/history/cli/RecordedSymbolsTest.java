package io.mm.history.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/mm smoke} without SYMBOL: every recorded symbol, named as the recorder was given it. */
class RecordedSymbolsTest {
    private static void ledger(Path day, String fs, String symbol) throws IOException {
        Files.createDirectories(day);
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(day.resolve("events_" + fs + "_" + day.getFileName() + ".csv.gz")))) {
            o.write(("event_id,ts_us,recv_seq,run_id,epoch,type,state,tag,details\n1,1,0,r,1,run_start,CONNECTING,,\"{\"\"symbol\"\":\"\""
                    + symbol + "\"\"}\"\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void everySymbolWithADayIsFoundByItsRecordedName(@TempDir Path data) throws IOException {
        ledger(data.resolve("kraken/BTCUSD/20261201"), "BTCUSD", "BTC/USD");
        ledger(data.resolve("bitfinex/BTCUSD/20261201"), "BTCUSD", "tBTCUSD");
        ledger(data.resolve("binance/ETHUSDT/20261130"), "ETHUSDT", "ETHUSDT");
        Files.createDirectories(data.resolve("binance/BTCUSDT/20261201")); // a day without a ledger: the directory's name
        Files.createDirectories(data.resolve("binance/XRPUSDT/history")); // no day: not recorded
        Files.createDirectories(data.resolve("reports"));
        assertThat(RecordedSymbols.under(data, null)).extracting(a -> a[0] + " " + a[1])
                .containsExactly("binance BTCUSDT", "binance ETHUSDT", "kraken BTC/USD", "bitfinex tBTCUSD");
        assertThat(RecordedSymbols.under(data, "kraken")).extracting(a -> a[0] + " " + a[1]).containsExactly("kraken BTC/USD");
    }
}
