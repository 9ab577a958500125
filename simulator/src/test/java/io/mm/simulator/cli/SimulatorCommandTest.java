package io.mm.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.simulator.fault.FaultKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Bad arguments to bin/mm simulator: one line naming the flag and what is wrong, exit 2, nothing started. */
class SimulatorCommandTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--symbols=binance | mm simulator: --symbols 'binance': expected EXCHANGE=SYMBOL[;SYMBOL...], e.g. 'binance=BTCUSDT;ETHUSDT'",
        "--symbols=foo=BTC | mm simulator: --symbols: unknown exchange 'foo' (expected binance, kraken or bitfinex)",
        "--symbols=binance= | mm simulator: --symbols 'binance=': binance symbol '': expected upper-case letters and digits, e.g. BTCUSDT",
        "--symbols=binance=BTCUSDT;;ETHUSDT | mm simulator: --symbols 'binance=BTCUSDT;;ETHUSDT': binance symbol '': expected upper-case letters and digits, e.g. BTCUSDT",
        "--symbols=kraken=BTCUSD | mm simulator: --symbols 'kraken=BTCUSD': kraken symbol 'BTCUSD': expected BASE/QUOTE, e.g. BTC/USD",
        "--symbols=bitfinex=BTCUSD | mm simulator: --symbols 'bitfinex=BTCUSD': bitfinex symbol 'BTCUSD': expected t + pair, e.g. tBTCUSD",
        "--rate=-5 | mm simulator: --rate must be a finite number >= 0: -5.0",
        "--history-days=-1 | mm simulator: --history-days must be >= 0: -1",
        "--symbol-count=0 | mm simulator: --symbol-count must be >= 1: 0",
        "--session-limit=0 | mm simulator: --session-limit must be > 0 seconds: 0",
        "--speed=-1 | mm simulator: --speed must be a finite number >= 0 (0: as fast as possible): -1.0",
        "--port=99999 | mm simulator: --port must be 0..65535: 99999",
        "--capture=/nonexistent/capture.ndjson | mm simulator: --capture: /nonexistent/capture.ndjson: no such file or directory",
    })
    @org.junit.jupiter.api.Timeout(30) // an argument let through would start the simulator until Ctrl-C
    void aBadArgumentIsOneLineAndExitTwo(String arg, String said) {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        int rc = new CommandLine(new SimulatorCommand()).setErr(new PrintWriter(err, true)).setOut(new PrintWriter(out, true))
                .execute(arg);
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo(said);
        assertThat(out.toString()).as("nothing started").isEmpty();
    }

    @Test
    void theHelpNamesEveryFaultKind() {
        String help = new CommandLine(new SimulatorCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");
        Matcher kinds = Pattern.compile("Kinds: ([a-z0-9-]+(?:, [a-z0-9-]+)*)").matcher(help);
        assertThat(kinds.find()).as("--fault's help lists the kinds: " + help).isTrue();
        assertThat(kinds.group(1).split(", ")).containsExactlyInAnyOrder(
                Arrays.stream(FaultKind.values()).map(FaultKind::id).toArray(String[]::new));
    }
}
