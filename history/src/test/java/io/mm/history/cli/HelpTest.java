package io.mm.history.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every history command's help names the settings it reads from the environment only: where and how it fetches. */
class HelpTest {
    @Test
    void eachCommandNamesTheFetchSettings() {
        for (Callable<Integer> c : List.<Callable<Integer>>of(new HistoryCommand(), new CombineCommand(), new SmokeCommand(), new SmokeGapCommand())) {
            assertThat(new CommandLine(c).getUsageMessage()).as(c.getClass().getSimpleName())
                    .contains("BINANCE_REST_URL", "INSECURE_TLS", "BINANCE_WEIGHT_LIMIT", "HISTORY_MAX_RETRIES", "HISTORY_MAX_PAUSE_S");
        }
    }
}
