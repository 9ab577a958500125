package io.mm.jobs.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.Exchange;
import io.mm.core.config.SettingsReader;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RecordJobSettingsTest {

    private static RecordJobSettings config(Map<String, String> env) {
        return RecordJobSettings.from(new SettingsReader(env), "run", 0);
    }

    private static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void pingsNoRarerThanTheSilenceThatCountsAsAStallAreAdvisedAgainst() {
        assertThat(config(env("SYMBOL", "BTCUSDT")).advice()).as("the defaults: pings every 20 s, a stall after 30 s").isEmpty();
        assertThat(config(env("SYMBOL", "BTCUSDT", "WS_PING_INTERVAL_S", "30")).advice()).singleElement().asString()
                .startsWith("WS_PING_INTERVAL_S 30 is not below WS_NO_DATA_WARN_S 30: a connection whose symbols are quiet");
        assertThat(config(env("SYMBOL", "BTCUSDT", "WS_PING_INTERVAL_S", "60", "WS_NO_DATA_WARN_S", "0")).advice())
                .as("no stall rule").isEmpty();
    }

    @Test
    void theOriginalsSingleSymbolForm() {
        RecordJobSettings c = config(env("SYMBOL", "ethusdt"));
        assertThat(c.symbols).containsExactly(Map.entry(Exchange.BINANCE, List.of("ETHUSDT")));
        assertThat(c.operator.depthLevels()).isEqualTo(20);
        assertThat(c.operator.windowTz()).isEqualTo("Europe/Berlin");
        assertThat(c.checkpointIntervalSec).isEqualTo(10);
        assertThat(c.ws.binanceWsUrl()).isEqualTo("wss://stream.binance.com:9443");
        assertThat(c.rest.binance()).isEqualTo("https://api.binance.com");
        assertThat(c.sink.liveRotateSeconds()).isEqualTo(60);
        assertThat(c.checkpointDir.toString()).isEqualTo("data/.checkpoints");
    }

    @Test
    void mixedExchangesInOneList() {
        RecordJobSettings c = config(env("SYMBOL", "binance:BTCUSDT, kraken:btc/usd,bitfinex:tBTCUSD,bitfinex:ethusd,ETHUSDT"));
        assertThat(c.symbols.get(Exchange.BINANCE)).containsExactly("BTCUSDT", "ETHUSDT");
        assertThat(c.symbols.get(Exchange.KRAKEN)).containsExactly("BTC/USD");
        assertThat(c.symbols.get(Exchange.BITFINEX)).containsExactly("tBTCUSD", "tETHUSD");
        assertThat(c.symbolCount()).isEqualTo(5);
    }

    @Test
    void aBitfinexPairWithAColonIsASymbolOfTheDefaultBitfinexAndAnUnknownExchangeElsewhere() {
        RecordJobSettings c = config(env("EXCHANGE", "bitfinex", "SYMBOL", "tTESTBTC:TESTUSD,kraken:BTC/USD"));
        assertThat(c.symbols.get(Exchange.BITFINEX)).containsExactly("tTESTBTC:TESTUSD");
        assertThat(c.symbols.get(Exchange.KRAKEN)).containsExactly("BTC/USD");
        assertThatThrownBy(() -> config(env("SYMBOL", "tTESTBTC:TESTUSD")))
                .hasMessageContaining("entry 'tTESTBTC:TESTUSD': unknown exchange 'tTESTBTC'");
    }

    @Test
    void theSymbolFlagIsRepeatableAndOverridesTheVariable() {
        RecordCommand cmd = new RecordCommand();
        picocli.CommandLine cl = new picocli.CommandLine(cmd);
        RecordCommand.addSettingOptions(cl);
        cl.parseArgs("--symbol", "binance:BTCUSDT", "--symbol=kraken:BTC/USD,bitfinex:tBTCUSD", "--symbol", "ETHUSDT");
        assertThat(cmd.symbolsAsked(env("SYMBOL", "SOLUSDT"))).containsExactly(Map.entry(Exchange.BINANCE, List.of("BTCUSDT", "ETHUSDT")),
                Map.entry(Exchange.KRAKEN, List.of("BTC/USD")), Map.entry(Exchange.BITFINEX, List.of("tBTCUSD")));

        RecordCommand none = new RecordCommand();
        picocli.CommandLine cl2 = new picocli.CommandLine(none);
        RecordCommand.addSettingOptions(cl2);
        cl2.parseArgs();
        assertThat(none.symbolsAsked(env("SYMBOL", "SOLUSDT"))).as("without the flag, SYMBOL").containsExactly(
                Map.entry(Exchange.BINANCE, List.of("SOLUSDT")));
    }

    @Test
    void exchangeSetsTheDefaultForUnprefixedSymbols() {
        RecordJobSettings c = config(env("SYMBOL", "XBT/USD,ETH/USD", "EXCHANGE", "Kraken"));
        assertThat(c.symbols).containsOnlyKeys(Exchange.KRAKEN);
        assertThat(c.symbols.get(Exchange.KRAKEN)).containsExactly("XBT/USD", "ETH/USD");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SYMBOL||SYMBOL is required",
        "EXCHANGE|ftx|EXCHANGE: unknown exchange 'ftx'",
        "DEPTH_LEVELS|abc|DEPTH_LEVELS 'abc' is not an integer",
        "DEPTH_LEVELS|0|DEPTH_LEVELS 0 is out of range 1..1000",
        "KRAKEN_BOOK_DEPTH|20|KRAKEN_BOOK_DEPTH 20 is not one of 10, 25, 100, 500, 1000",
        "WS_PING_INTERVAL_S|soon|WS_PING_INTERVAL_S 'soon' is not a number of seconds",
        "STORE_DEPTH_DIFFS|maybe|STORE_DEPTH_DIFFS 'maybe' is not a boolean",
        "WINDOW_TZ|Mars/Olympus|WINDOW_TZ 'Mars/Olympus' is not a time zone",
        "WINDOW_START_HHMM|25:00|WINDOW_START_HHMM '25:00' is not a 24h time HH:MM",
        "WINDOW_END_DAY_OFFSET|x|WINDOW_END_DAY_OFFSET 'x' is not an integer",
        "SINK_FSYNC_SCOPE|disk|SINK_FSYNC_SCOPE 'disk' is not one of filesystem, files",
        "BINANCE_WS_URL|http://x|BINANCE_WS_URL 'http://x' is not a ws:// or wss:// URL",
        "KRAKEN_REST_URL|ws://x|KRAKEN_REST_URL 'ws://x' is not a http:// or https:// URL",
        "MM_CLOCK|start=yesterday|MM_CLOCK: clock start 'yesterday' is not an ISO-8601 time with offset",
        "WS_RECONNECT_BACKOFF_MAX_S|0.5|WS_RECONNECT_BACKOFF_MAX_S 0.5 is below WS_RECONNECT_BACKOFF_S"})
    void badValuesAreRejectedNamingTheSetting(String name, String value, String message) {
        Map<String, String> e = env("SYMBOL", "BTCUSDT");
        if (value == null) {
            e.remove(name);
        } else {
            e.put(name, value);
        }
        assertThatThrownBy(() -> config(e)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void symbolsInTheWrongShapeForTheirExchange() {
        assertThatThrownBy(() -> config(env("SYMBOL", "kraken:BTCUSD"))).hasMessageContaining("not a Kraken WS v2 symbol (BASE/QUOTE");
        assertThatThrownBy(() -> config(env("SYMBOL", "BTC/USDT"))).hasMessageContaining("not a Binance symbol");
        assertThatThrownBy(() -> config(env("SYMBOL", "BTC USDT"))).hasMessageContaining("not a Binance symbol");
        assertThatThrownBy(() -> config(env("SYMBOL", "okx:BTCUSDT"))).hasMessageContaining("unknown exchange 'okx'");
    }

    @Test
    void noSymbolNamesAPathOutsideItsPlaceEvenWithoutTheSymbolCheck() {
        // the grammar is checked in the settings, before (and without) the exchanges' symbol lists
        assertThatThrownBy(() -> config(env("SYMBOL", "binance:.."))).hasMessage("SYMBOL '..' is not a Binance symbol (letters and digits, no '/', e.g. BTCUSDT)");
        assertThatThrownBy(() -> config(env("SYMBOL", "kraken:../../etc"))).hasMessageContaining("SYMBOL '../../etc' is not a Kraken WS v2 symbol");
        assertThatThrownBy(() -> config(env("SYMBOL", "bitfinex:t../x"))).hasMessageContaining("is not a Bitfinex trading pair");
    }

    @Test
    void aFlagNamesItselfBesideTheVariable() {
        SettingsReader k = new SettingsReader(env("SYMBOL", "BTCUSDT")).flag("DEPTH_LEVELS", "--depth-levels", "-3");
        assertThatThrownBy(() -> RecordJobSettings.from(k, "r", 0)).hasMessage("DEPTH_LEVELS (--depth-levels) -3 is out of range 1..1000");
        SettingsReader ok = new SettingsReader(env("SYMBOL", "BTCUSDT", "DEPTH_LEVELS", "5")).flag("DEPTH_LEVELS", "--depth-levels", "7");
        assertThat(RecordJobSettings.from(ok, "r", 0).operator.depthLevels()).isEqualTo(7);
    }

    @Test
    void dayFilesSyncTheFileSystemOncePerCommitAtLevelFiveUnlessToldOtherwise() {
        RecordJobSettings d = config(env("SYMBOL", "BTCUSDT"));
        assertThat(d.sink.gzipLevel()).isEqualTo(5);
        assertThat(d.sink.fsync()).isTrue();
        assertThat(d.sink.fsyncFileSystem()).isTrue();
        RecordJobSettings files = config(env("SYMBOL", "BTCUSDT", "SINK_FSYNC_SCOPE", "Files", "GZIP_LEVEL", "6"));
        assertThat(files.sink.fsyncFileSystem()).isFalse();
        assertThat(files.sink.gzipLevel()).isEqualTo(6);
    }

    @Test
    void durations() {
        assertThat(RecordCommand.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(RecordCommand.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(RecordCommand.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(RecordCommand.parseDuration("90")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> RecordCommand.parseDuration("soon")).hasMessageContaining("--duration 'soon'");
    }

    @Test
    void everySettingTheRecorderReadsIsListedByRecordHelp() {
        java.util.Set<String> read = new java.util.TreeSet<>();
        Map<String, String> spy = new HashMap<>(env("SYMBOL", "BTCUSDT")) {
            @Override
            public String get(Object key) {
                read.add((String) key);
                return super.get(key);
            }
        };
        config(spy);
        java.util.Set<String> listed = new java.util.TreeSet<>();
        for (String[] k : RecordCommand.SETTINGS) {
            listed.add(k[0]);
        }
        assertThat(read).as("settings read").contains("MAX_BUFFERED_UPDATES", "WS_QUEUE_CAPACITY", "INSECURE_TLS");
        assertThat(listed).as("bin/mm record --help").containsAll(read);
    }

    @Test
    void insecureTlsReachesTheRestClientsToo() {
        RecordJobSettings c = config(env("SYMBOL", "BTCUSDT", "INSECURE_TLS", "1"));
        assertThat(c.ws.insecureTls()).isTrue();
        assertThat(c.rest.insecureTls()).isTrue();
        assertThat(config(env("SYMBOL", "BTCUSDT")).rest.insecureTls()).isFalse();
    }
}
