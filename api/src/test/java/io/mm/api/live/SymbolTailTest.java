package io.mm.api.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.sinks.live.LiveFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tail against the recorder's own live-file writer: every line once, in recv_seq order, across rotations,
 * retention deletes, a day roll, a restart that appends to a torn line, and a recovery that produces a stretch
 * again.
 */
class SymbolTailTest {
    private static final String SYMBOL_DIR = "binance/BTCUSDT";

    /** Writes lines the way the recorder does: one counter, every open day, a flush now and then. */
    private static final class Writer {
        final Path data;
        final AtomicLong clock;
        LiveFiles files;
        long seq;
        int attempt;
        final Random random = new Random(7);

        Writer(Path data, long startMillis) {
            this.data = data;
            this.clock = new AtomicLong(startMillis);
            this.files = new LiveFiles(data, 60, 3600, clock::get);
        }

        void line(int... days) {
            seq++;
            boolean diff = random.nextInt(4) != 0;
            String text = diff
                    ? "{\"recv_seq\":" + seq + ",\"recv_ts_us\":" + clock.get() * 1000 + ",\"exchange\":\"binance\",\"symbol\":\"BTCUSDT\","
                    + "\"E\":1,\"U\":" + seq + ",\"u\":" + seq + ",\"b\":[[\"1.0\",\"2.0\"]],\"a\":[],\"checksum\":null,\"attempt\":" + attempt
                    + ",\"raw\":{\"e\":\"depthUpdate\",\"u\":" + seq + "}}\n"
                    : "{\"recv_seq\":" + seq + ",\"recv_ts_us\":" + clock.get() * 1000 + ",\"exchange\":\"binance\",\"symbol\":\"BTCUSDT\","
                    + "\"attempt\":" + attempt + ",\"raw\":{\"e\":\"trade\",\"t\":" + seq + "}}\n";
            for (int d : days) {
                files.append(SYMBOL_DIR + "/" + d + (diff ? "/live/live_depth_diffs.ndjson" : "/live/live_trades.ndjson"),
                        text.getBytes(StandardCharsets.UTF_8));
            }
        }

        void flush(long advanceMillis) throws IOException {
            clock.addAndGet(advanceMillis);
            files.flush();
        }
    }

    private static class Collected implements SymbolTail.Sink {
        final List<Long> seqs = new ArrayList<>();
        final List<Long> rollbacks = new ArrayList<>();
        final List<Integer> days = new ArrayList<>();

        @Override
        public void line(LiveLine l) {
            seqs.add(l.seq());
            assertThat(l.raw()).startsWith("{\"e\":");
        }

        @Override
        public void rollback(long toSeq, int attempt) {
            rollbacks.add(toSeq);
            seqs.removeIf(s -> s > toSeq);
        }

        @Override
        public void dayChanged(int day) {
            days.add(day);
        }

        void assertEveryLineOnceInOrder(long from, long to) {
            List<Long> expected = new ArrayList<>();
            for (long s = from; s <= to; s++) {
                expected.add(s);
            }
            assertThat(seqs).containsExactlyElementsOf(expected);
        }
    }

    private static void pollUntilQuiet(SymbolTail tail, Collected c, AtomicLong clock) throws IOException {
        for (int i = 0; i < 5; i++) {
            clock.addAndGet(100);
            tail.poll(c, clock.get());
        }
    }

    @Test
    void everyLineOnceInOrderAcrossRotationsAndPrunes(@TempDir Path data) throws IOException {
        Writer w = new Writer(data, 1_704_067_200_000L);
        Collected c = new Collected();
        SymbolTail tail = new SymbolTail(data.resolve(SYMBOL_DIR), 50, 1000, 0);
        for (int round = 0; round < 400; round++) {
            for (int k = 0; k < 1 + round % 7; k++) {
                w.line(20240101);
            }
            // every tenth round crosses a rotation (60 s); the tail polls after some flushes only
            w.flush(round % 10 == 9 ? 61_000 : 200);
            if (round % 3 != 0) {
                tail.poll(c, w.clock.get());
            }
        }
        pollUntilQuiet(tail, c, w.clock);
        assertThat(rotatedFiles(data)).as("the test crossed rotations").hasSizeGreaterThan(60);
        c.assertEveryLineOnceInOrder(1, w.seq);
        tail.close();

        // a tail started now reads the rotated files still there, oldest first; pruned ones are simply gone
        List<Path> rotated = rotatedFiles(data);
        for (Path p : rotated.subList(0, rotated.size() / 2)) {
            Files.delete(p);
        }
        Collected late = new Collected();
        SymbolTail tail2 = new SymbolTail(data.resolve(SYMBOL_DIR), 50, 1000, 0);
        assertThat(tail2.poll(late, w.clock.get())).as("a first poll reads a file of lines").isGreaterThan(100);
        // kept after it: at most the trades of the last flush (7 lines at most), waiting for a newer diff
        assertThat(tail2.buffered()).as("lines a tail keeps after a poll (a serve tails hundreds of symbols)").isLessThanOrEqualTo(7);
        pollUntilQuiet(tail2, late, w.clock);
        assertThat(late.seqs).isNotEmpty().isSorted().doesNotHaveDuplicates();
        assertThat(late.seqs.get(late.seqs.size() - 1)).isEqualTo(w.seq);
        assertThat(tail2.buffered()).as("lines kept after everything was handed on (a serve tails hundreds of symbols)").isZero();
        tail2.close();
        w.files.close();
    }

    @Test
    void aTailAfterARebuildLeavesOutTheRotatedDiffsFilesTheBookHasAndNothingElse(@TempDir Path data) throws IOException {
        Writer w = new Writer(data, 1_704_067_200_000L);
        Map<Long, Boolean> isDiff = new HashMap<>();
        for (int round = 0; round < 200; round++) {
            for (int k = 0; k < 1 + round % 7; k++) {
                w.line(20240101);
            }
            w.flush(round % 10 == 9 ? 61_000 : 200);
        }
        // which lines are diffs, as any tail reads them
        Collected all = new Collected() {
            @Override
            public void line(LiveLine l) {
                super.line(l);
                isDiff.put(l.seq(), l.diff());
            }
        };
        SymbolTail full = new SymbolTail(data.resolve(SYMBOL_DIR), 50, 1000, 0);
        pollUntilQuiet(full, all, w.clock);
        full.close();
        all.assertEveryLineOnceInOrder(1, w.seq);

        long committed = w.seq / 2; // a book rebuilt from the committed diffs up to here
        Collected c = new Collected();
        SymbolTail tail = new SymbolTail(data.resolve(SYMBOL_DIR), 50, 1000, 0);
        assertThat(tail.startDay(w.clock.get())).isEqualTo(20240101);
        tail.skipDiffsThrough(committed);
        pollUntilQuiet(tail, c, w.clock);
        assertThat(tail.skippedFiles()).as("rotated diffs files left out").isGreaterThan(5);
        assertThat(c.seqs).isSorted().doesNotHaveDuplicates();
        List<Long> expected = new ArrayList<>();
        long diffsLeftOut = 0;
        for (long s = 1; s <= w.seq; s++) {
            if (s > committed || !isDiff.get(s)) {
                expected.add(s); // every line above the book's, every trade (the live candles take them)
            } else if (!c.seqs.contains(s)) {
                diffsLeftOut++;
            }
        }
        assertThat(c.seqs).containsAll(expected);
        assertThat(diffsLeftOut).as("diffs at or below the book's not read").isGreaterThan(100);
        tail.close();

        // a torn last line: the complete one before it decides
        Path rotated = rotatedFiles(data).get(0);
        long last = lastSeq(rotated);
        Files.writeString(rotated, "{\"recv_seq\":999999,\"recv_ts", StandardOpenOption.APPEND);
        assertThat(LiveFileFollower.endsAtOrBelow(rotated, last)).isTrue();
        assertThat(LiveFileFollower.endsAtOrBelow(rotated, last - 1)).isFalse();
        w.files.close();
    }

    private static long lastSeq(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return io.mm.core.contract.NdjsonLines.headSeq(lines.get(lines.size() - 1));
    }

    @Test
    void dayRollWithOverlappingWindowsHandsEveryLineOnce(@TempDir Path data) throws IOException {
        Writer w = new Writer(data, 1_704_067_200_000L);
        Collected c = new Collected();
        SymbolTail tail = new SymbolTail(data.resolve(SYMBOL_DIR), 50, 1000, 0);
        for (int round = 0; round < 300; round++) {
            for (int k = 0; k < 3; k++) {
                if (round < 100) {
                    w.line(20240101);
                } else if (round < 200) {
                    w.line(20240101, 20240102); // both windows open
                } else {
                    w.line(20240102);
                }
            }
            w.flush(200);
            tail.poll(c, w.clock.get());
        }
        pollUntilQuiet(tail, c, w.clock);
        c.assertEveryLineOnceInOrder(1, w.seq);
        assertThat(c.days).containsExactly(20240102);
        assertThat(tail.day()).isEqualTo(20240102);
        tail.close();
        w.files.close();
    }

    @Test
    void dayRollWithoutOverlapSwitchesAfterTheGrace(@TempDir Path data) throws IOException {
        Writer w = new Writer(data, 1_704_067_200_000L);
        Collected c = new Collected();
        SymbolTail tail = new SymbolTail(data.resolve(SYMBOL_DIR), 50, 1000, 0);
        for (int round = 0; round < 100; round++) {
            w.line(round < 50 ? 20240101 : 20240102);
            w.flush(100);
            tail.poll(c, w.clock.get());
        }
        for (int i = 0; i < 30; i++) {
            w.clock.addAndGet(100);
            tail.poll(c, w.clock.get());
        }
        c.assertEveryLineOnceInOrder(1, w.seq);
        tail.close();
        w.files.close();
    }

    @Test
    void restartAppendsAfterATornLineAndARecoveryRollsBack(@TempDir Path data) throws IOException {
        Writer w = new Writer(data, 1_704_067_200_000L);
        Collected c = new Collected();
        SymbolTail tail = new SymbolTail(data.resolve(SYMBOL_DIR), 50, 1000, 0);
        for (int i = 0; i < 20; i++) {
            w.line(20240101);
        }
        w.flush(100);
        tail.poll(c, w.clock.get());
        // killed in mid-write: half a line, then a restarted writer appends to the same file
        w.files.close();
        Files.writeString(data.resolve(SYMBOL_DIR + "/20240101/live/live_depth_diffs.ndjson"),
                "{\"recv_seq\":21,\"recv_ts_us\":1,\"exchange\":\"binance\",\"sym", StandardOpenOption.APPEND);
        w.files = new LiveFiles(data, 60, 3600, w.clock::get);
        w.seq = 21; // the torn line's recv_seq was taken (never committed, so the restart goes on after it)
        for (int i = 0; i < 20; i++) {
            w.line(20240101);
        }
        w.flush(100);
        pollUntilQuiet(tail, c, w.clock);
        List<Long> expected = new ArrayList<>();
        for (long s = 1; s <= 41; s++) {
            if (s != 21 && s != 22) {
                expected.add(s); // 22 is the first line after the torn one: joined to it, it is read from its own head
            }
        }
        assertThat(c.seqs).containsAll(expected).doesNotContain(21L).isSorted().doesNotHaveDuplicates();

        // a recovery: attempt 1 produces recv_seq 31.. again
        w.attempt = 1;
        w.seq = 30;
        for (int i = 0; i < 30; i++) {
            w.line(20240101);
        }
        w.flush(100);
        pollUntilQuiet(tail, c, w.clock);
        assertThat(c.rollbacks).containsExactly(30L);
        assertThat(c.seqs.subList(c.seqs.size() - 30, c.seqs.size())).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(31, 60).boxed().toList());
        tail.close();
        w.files.close();
    }

    private static List<Path> rotatedFiles(Path data) throws IOException {
        try (Stream<Path> s = Files.walk(data)) {
            return s.filter(p -> p.getFileName().toString().matches("live_(depth_diffs|trades)\\.\\d{8}T\\d{6}\\.\\d{3}Z\\.ndjson")).sorted().toList();
        }
    }
}
