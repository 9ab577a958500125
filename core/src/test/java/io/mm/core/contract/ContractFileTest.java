package io.mm.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.Exchange;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** File names, folders and CSV columns of a day directory, as the output contract lays them out. */
class ContractFileTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ORDERBOOK, orderbook_ws_depth_BTCUSDT_20240101.csv.gz",
        "TRADES, trades_ws_BTCUSDT_20240101.csv.gz",
        "EVENTS, events_BTCUSDT_20240101.csv.gz",
        "GAPS, gaps_BTCUSDT_20240101.csv.gz",
        "DEPTH_DIFFS, diffs/depth_diffs_BTCUSDT_20240101.ndjson.gz",
        "TRADES_RAW, trades/trades_ws_raw_BTCUSDT_20240101.ndjson.gz",
    })
    void relativePathsAreTheContractsNames(ContractFile f, String path) {
        assertThat(f.relativePath("BTCUSDT", "20240101")).isEqualTo(path);
        assertThat(f.in(Path.of("/data/binance/BTCUSDT/20240101"), "BTCUSDT", "20240101"))
                .isEqualTo(Path.of("/data/binance/BTCUSDT/20240101").resolve(path));
        assertThat(f.isCsv()).isEqualTo(path.endsWith(".csv.gz"));
    }

    @Test
    void everyFileNameMapsBackToItsFile() {
        // symbols that look like other files' prefixes or suffixes must not confuse the mapping
        List<String> symbols = List.of("BTCUSDT", "RAWUSD", "WSUSD", "DEPTHUSD", "EVENTSBTC", "GAPS", "TRADESWS", "CSVGZ", "X");
        for (ContractFile f : ContractFile.values()) {
            for (String s : symbols) {
                String rel = f.relativePath(s, "20240101");
                String name = rel.substring(rel.lastIndexOf('/') + 1);
                assertThat(ContractFile.ofFileName(name)).as(name).isEqualTo(f);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"orderbook_ws_depth_BTCUSDT_20240101.csv", "events_BTCUSDT_20240101.ndjson.gz", "snapshot_12_initial.csv",
        "snapshot_12_initial.json", "live_depth_diffs.ndjson", "live_trades.ndjson", ".orderbook_ws_depth_BTCUSDT_20240101.csv.gz",
        "trades_ws_raw_BTCUSDT_20240101.csv.gz", "depth_diffs_BTCUSDT_20240101.csv.gz", "", "gaps.csv.gz"})
    void otherNamesBelongToNoContractFile(String name) {
        assertThat(ContractFile.ofFileName(name)).isNull();
    }

    @Test
    void orderbookColumnsAreTheFixedOnesThenFourPerLevel() {
        List<String> c = ContractFile.ORDERBOOK.columns(20);
        assertThat(c).hasSize(6 + 4 * 20);
        assertThat(c.subList(0, 10)).containsExactly("recv_ts_us", "recv_seq", "event_ts_us", "epoch", "last_update_id", "checksum",
                "bid_px_1", "bid_qty_1", "ask_px_1", "ask_qty_1");
        assertThat(c.subList(82, 86)).containsExactly("bid_px_20", "bid_qty_20", "ask_px_20", "ask_qty_20");
        assertThat(ContractFile.ORDERBOOK.columns(0)).isEqualTo(ContractFile.ORDERBOOK_FIXED_COLUMNS);
        assertThat(ContractFile.ORDERBOOK.headerLine(1))
                .isEqualTo("recv_ts_us,recv_seq,event_ts_us,epoch,last_update_id,checksum,bid_px_1,bid_qty_1,ask_px_1,ask_qty_1\n");
    }

    @Test
    void csvColumnsAreTheContracts() {
        assertThat(ContractFile.TRADES.headerLine(20)).isEqualTo("recv_ts_us,recv_seq,event_ts_us,trade_ts_us,trade_id,price,qty,side,ord_type\n");
        assertThat(ContractFile.EVENTS.headerLine(20)).isEqualTo("event_id,ts_us,recv_seq,run_id,epoch,type,state,tag,details\n");
        assertThat(ContractFile.GAPS.headerLine(20)).isEqualTo("ts_us,recv_seq,epoch,kind,expected,got,details\n");
        assertThat(String.join(",", ContractFile.SNAPSHOT_COLUMNS)).isEqualTo("side,level,price,qty,last_update_id,checksum");
    }

    @ParameterizedTest
    @EnumSource(value = ContractFile.class, names = {"DEPTH_DIFFS", "TRADES_RAW"})
    void ndjsonFilesHaveNoColumns(ContractFile f) {
        assertThatThrownBy(() -> f.columns(20)).isInstanceOf(IllegalStateException.class).hasMessageContaining("not a CSV file");
    }

    @Test
    void snapshotAndLiveFilesLiveInTheirFolders() {
        assertThat(ContractFile.snapshotCsv(12, "initial")).isEqualTo("snapshots/snapshot_12_initial.csv");
        assertThat(ContractFile.snapshotJson(7, "day_open")).isEqualTo("snapshots/snapshot_7_day_open.json");
        assertThat(ContractFile.LIVE_DEPTH_DIFFS).isEqualTo("live/live_depth_diffs.ndjson");
        assertThat(ContractFile.LIVE_TRADES).isEqualTo("live/live_trades.ndjson");
    }

    @Test
    void dayDirectoryIsExchangeThenSymbolFsThenDay() {
        DayDirectory d = DayDirectory.of(Path.of("data"), Exchange.KRAKEN, "BTC/USD", LocalDate.of(2024, 1, 1));
        assertThat(d.path()).isEqualTo(Path.of("data", "kraken", "BTCUSD", "20240101"));
        assertThat(d.file(ContractFile.ORDERBOOK)).isEqualTo(Path.of("data", "kraken", "BTCUSD", "20240101", "orderbook_ws_depth_BTCUSD_20240101.csv.gz"));
        assertThat(d.file(ContractFile.DEPTH_DIFFS)).isEqualTo(Path.of("data", "kraken", "BTCUSD", "20240101", "diffs", "depth_diffs_BTCUSD_20240101.ndjson.gz"));
        DayDirectory b = DayDirectory.of(Path.of("data"), Exchange.BITFINEX, "tBTCUSD", LocalDate.of(2023, 12, 31));
        assertThat(b.path()).isEqualTo(Path.of("data", "bitfinex", "BTCUSD", "20231231"));
    }

    @Test
    void dayKeysRoundTrip() {
        Random rnd = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            LocalDate d = LocalDate.ofEpochDay(rnd.nextInt(60_000));
            int key = DayDirectory.dayKey(d);
            assertThat(DayDirectory.fromKey(key)).isEqualTo(d);
            assertThat(Integer.toString(key)).isEqualTo(DayDirectory.DAY.format(d));
        }
    }

    @Test
    void exchangeIdsParseCaseInsensitivelyAndNameTheChoices() {
        assertThat(Exchange.parse(" Kraken ")).isEqualTo(Exchange.KRAKEN);
        assertThat(Exchange.BITFINEX.id()).isEqualTo("bitfinex");
        assertThatThrownBy(() -> Exchange.parse("coinbase")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("binance, kraken or bitfinex");
        assertThatThrownBy(() -> Exchange.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
