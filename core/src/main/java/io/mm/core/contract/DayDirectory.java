package io.mm.core.contract;

import io.mm.core.Exchange;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/** {@code <DATA_DIR>/<exchange>/<SYMBOL_FS>/<YYYYMMDD>/}. */
public record DayDirectory(Path dataDir, Exchange exchange, String symbolFs, String day) {
    public static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    public static DayDirectory of(Path dataDir, Exchange exchange, String symbol, LocalDate day) {
        return new DayDirectory(dataDir, exchange, SymbolFs.of(exchange, symbol), DAY.format(day));
    }

    public Path path() {
        return dataDir.resolve(exchange.id()).resolve(symbolFs).resolve(day);
    }

    public Path file(ContractFile f) {
        return path().resolve(f.relativePath(symbolFs, day));
    }

    /** {@code YYYYMMDD} as an int, e.g. 20240101. */
    public static int dayKey(LocalDate d) {
        return d.getYear() * 10000 + d.getMonthValue() * 100 + d.getDayOfMonth();
    }

    public static LocalDate fromKey(int key) {
        return LocalDate.of(key / 10000, (key / 100) % 100, key % 100);
    }
}
