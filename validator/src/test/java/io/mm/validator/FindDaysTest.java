package io.mm.validator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which directories {@code bin/mm validate} takes for days, from a data root, a symbol or a day. */
class FindDaysTest {
    @Test
    void daysUnderARootASymbolOrThemselvesNeverInsideHiddenBookkeeping(@TempDir Path data) throws Exception {
        Path b = Files.createDirectories(data.resolve("binance/BTCUSDT/20240101"));
        Path k = Files.createDirectories(data.resolve("kraken/BTCUSD/20240102"));
        Files.createDirectories(data.resolve(".checkpoints/0fedc823/chk-7"));
        Files.createDirectories(data.resolve("binance/BTCUSDT/.staging/20240103"));
        Files.createDirectories(data.resolve("notanexchange/X/20240104"));
        Files.createDirectories(data.resolve("binance/BTCUSDT/20240101/snapshots"));
        assertThat(ValidatorJob.findDays(data)).containsExactly(b, k);
        assertThat(ValidatorJob.findDays(data.resolve("binance/BTCUSDT"))).containsExactly(b);
        assertThat(ValidatorJob.findDays(b)).containsExactly(b);
    }
}
