package io.mm.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.Exchange;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One recorder per symbol and data directory, within a JVM and across processes. */
class RecorderLockTest {
    static final Map<Exchange, List<String>> BTC = Map.of(Exchange.BINANCE, List.of("BTCUSDT"), Exchange.KRAKEN, List.of("BTC/USD"));

    @Test
    void oneRunSharesItsLocksAndAnotherRunIsRefusedUntilTheLastHolderLetsGo(@TempDir Path data) throws Exception {
        RecorderLock.ownRunClosing = java.time.Duration.ofMillis(200);
        RecorderLock launcher = RecorderLock.acquire(data, BTC, "run-a");
        RecorderLock job = RecorderLock.acquire(data, BTC, "run-a");
        assertThat(Files.readString(data.resolve("kraken/BTCUSD/" + RecorderLock.FILE)))
                .startsWith("run=run-a pid=" + ProcessHandle.current().pid() + " host=");
        launcher.close();
        assertThatThrownBy(() -> RecorderLock.acquire(data, Map.of(Exchange.KRAKEN, List.of("BTC/USD")), "run-b"))
                .isInstanceOf(RecorderLock.ConflictException.class)
                .hasMessageStartingWith("kraken BTC/USD is being recorded into " + data.toAbsolutePath() + " by another recorder (run=run-a pid=")
                .hasMessageEndingWith("): stop it first, or record into another DATA_DIR");
        // a symbol nobody records is free, and a refused run holds nothing of what it asked for
        assertThatThrownBy(() -> RecorderLock.acquire(data, Map.of(Exchange.BINANCE, List.of("ETHUSDT", "BTCUSDT")), "run-b"))
                .isInstanceOf(RecorderLock.ConflictException.class).hasMessageContaining("binance BTCUSDT");
        RecorderLock.acquire(data, Map.of(Exchange.BINANCE, List.of("ETHUSDT")), "run-c").close();
        job.close();
        job.close();
        try (RecorderLock b = RecorderLock.acquire(data, BTC, "run-b")) {
            assertThat(Files.readString(data.resolve("binance/BTCUSDT/" + RecorderLock.FILE))).startsWith("run=run-b ");
        }
    }

    @Test
    void aRunOfThisProcessThatIsStillClosingIsWaitedFor(@TempDir Path data) throws Exception {
        RecorderLock.ownRunClosing = java.time.Duration.ofSeconds(20);
        RecorderLock ending = RecorderLock.acquire(data, BTC, "run-a");
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ending.close();
        });
        closer.start();
        try (RecorderLock next = RecorderLock.acquire(data, BTC, "run-b")) {
            assertThat(Files.readString(data.resolve("binance/BTCUSDT/" + RecorderLock.FILE))).startsWith("run=run-b ");
        }
        closer.join();
    }

    @Test
    void aRecorderInAnotherProcessIsNamedAndItsLockGoesWithItsProcess(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path lockFile = data.resolve("binance/BTCUSDT/" + RecorderLock.FILE);
        Files.createDirectories(lockFile.getParent());
        // another JVM that locks the file as a recorder would, and holds it until it is killed
        Path holder = dir.resolve("Holder.java");
        Files.writeString(holder, """
                import java.nio.ByteBuffer;
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                public class Holder {
                    public static void main(String[] a) throws Exception {
                        FileChannel ch = FileChannel.open(Paths.get(a[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        if (ch.tryLock() == null) throw new IllegalStateException("not locked");
                        ch.write(ByteBuffer.wrap(("run=other pid=" + ProcessHandle.current().pid() + " host=elsewhere\\n").getBytes()));
                        System.out.println("locked");
                        Thread.sleep(120_000);
                    }
                }
                """);
        Process p = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), holder.toString(), lockFile.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");
            assertThatThrownBy(() -> RecorderLock.acquire(data, BTC, "run-a")).isInstanceOf(RecorderLock.ConflictException.class)
                    .hasMessageContaining("binance BTCUSDT is being recorded").hasMessageContaining("(run=other pid=" + p.pid() + " host=elsewhere)");
            assertThat(data.resolve("kraken/BTCUSD/" + RecorderLock.FILE)).as("nothing kept of a refused run").satisfies(f -> {
                try (RecorderLock k = RecorderLock.acquire(data, Map.of(Exchange.KRAKEN, List.of("BTC/USD")), "run-b")) {
                    assertThat(Files.readString(f)).startsWith("run=run-b ");
                }
            });
        } finally {
            p.destroyForcibly(); // kill -9: the operating system lets go of its lock
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (RecorderLock l = RecorderLock.acquire(data, BTC, "run-a")) {
            assertThat(Files.readString(lockFile)).startsWith("run=run-a ");
        }
    }
}
