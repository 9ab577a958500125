package io.mm.sinks.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a tailer of the live files relies on: write order within a flush, rotation names, pruning. */
class LiveFilesTest {
    private static final String DIFFS = "binance/BTCUSDT/20240101/live/live_depth_diffs.ndjson";
    private static final String TRADES = "binance/BTCUSDT/20240101/live/live_trades.ndjson";

    @Test
    void tradesAreWrittenBeforeDiffsInAFlush(@TempDir Path dir) throws Exception {
        // the trades file becomes a FIFO and the flush writes more to it than a pipe holds: the flush stays in that
        // write until this test has read the first line, and at that moment the diffs of the same flush must not
        // be on disk yet
        Path trades = dir.resolve(TRADES);
        AtomicLong now = new AtomicLong(1_000_000);
        try (LiveFiles live = new LiveFiles(dir, 60, 3600, now::get)) {
            live.append(TRADES, "{\"recv_seq\":0}\n".getBytes(StandardCharsets.UTF_8));
            live.flush();
            // the writer closes its least recently used files beyond MAX_OPEN: the next trades write opens the path again
            for (int i = 0; i <= LiveFiles.MAX_OPEN; i++) {
                live.append("binance/S" + i + "/20240101/live/live_trades.ndjson", "{}\n".getBytes(StandardCharsets.UTF_8));
            }
            live.flush();
            Files.delete(trades);
            Process mk = new ProcessBuilder("mkfifo", trades.toString()).start();
            assumeTrue(mk.waitFor() == 0, "mkfifo is not available");
            live.append(DIFFS, "{\"recv_seq\":1}\n".getBytes(StandardCharsets.UTF_8));
            live.append(TRADES, "{\"recv_seq\":2}\n".getBytes(StandardCharsets.UTF_8));
            byte[] filler = ("{\"recv_seq\":3,\"pad\":\"" + "x".repeat(1000) + "\"}\n").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 512; i++) {
                live.append(TRADES, filler);
            }
            CompletableFuture<Void> flushed = CompletableFuture.runAsync(() -> {
                try {
                    live.flush();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            String tradeLine;
            boolean diffsBeforeTrades;
            try (BufferedReader r = Files.newBufferedReader(trades)) {
                tradeLine = r.readLine();
                diffsBeforeTrades = Files.exists(dir.resolve(DIFFS));
                for (int i = 0; i < 512; i++) {
                    assertThat(r.readLine()).startsWith("{\"recv_seq\":3"); // drained, so the flush goes on
                }
            }
            flushed.get(10, TimeUnit.SECONDS);
            assertThat(tradeLine).isEqualTo("{\"recv_seq\":2}");
            assertThat(diffsBeforeTrades).as("the diffs file was written before the trades file").isFalse();
            assertThat(Files.readAllLines(dir.resolve(DIFFS))).containsExactly("{\"recv_seq\":1}");
        }
    }

    @Test
    void rotatesToAStampedNameAndPrunesPastRetention(@TempDir Path dir) throws Exception {
        AtomicLong now = new AtomicLong(1_704_067_200_000L); // 2024-01-01T00:00:00Z
        try (LiveFiles live = new LiveFiles(dir, 60, 120, now::get)) {
            live.append(DIFFS, "{\"recv_seq\":1}\n".getBytes(StandardCharsets.UTF_8));
            live.flush();
            now.addAndGet(61_000);
            live.append(DIFFS, "{\"recv_seq\":2}\n".getBytes(StandardCharsets.UTF_8));
            live.flush();
            Path rotated = dir.resolve("binance/BTCUSDT/20240101/live/live_depth_diffs.20240101T000101.000Z.ndjson");
            assertThat(Files.readAllLines(rotated)).containsExactly("{\"recv_seq\":1}");
            assertThat(Files.readAllLines(dir.resolve(DIFFS))).containsExactly("{\"recv_seq\":2}");
            Files.setLastModifiedTime(rotated, FileTime.fromMillis(now.get() - 121_000));
            now.addAndGet(61_000);
            live.append(DIFFS, "{\"recv_seq\":3}\n".getBytes(StandardCharsets.UTF_8));
            live.flush();
            assertThat(rotated).doesNotExist();
        }
    }

    @Test
    void aNewWriterMovesAnExistingFileAsideInsteadOfAppending(@TempDir Path dir) throws Exception {
        AtomicLong now = new AtomicLong(1_704_067_200_000L);
        try (LiveFiles live = new LiveFiles(dir, 60, 3600, now::get)) {
            live.append(DIFFS, "{\"recv_seq\":1}\n".getBytes(StandardCharsets.UTF_8));
            live.flush();
        }
        // a crash in mid-line, then a restarted writer in the same second
        Files.writeString(dir.resolve(DIFFS), "{\"recv_se", java.nio.file.StandardOpenOption.APPEND);
        try (LiveFiles live = new LiveFiles(dir, 60, 3600, now::get)) {
            live.append(DIFFS, "{\"recv_seq\":1}\n".getBytes(StandardCharsets.UTF_8));
            live.flush();
        }
        assertThat(Files.readAllLines(dir.resolve(DIFFS))).containsExactly("{\"recv_seq\":1}");
        Path aside = dir.resolve("binance/BTCUSDT/20240101/live/live_depth_diffs.20240101T000000.000Z.ndjson");
        assertThat(Files.readString(aside)).isEqualTo("{\"recv_seq\":1}\n{\"recv_se");
    }
}
