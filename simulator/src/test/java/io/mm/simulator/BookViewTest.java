package io.mm.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.simulator.market.BookView;
import io.mm.simulator.market.Instrument;
import io.mm.simulator.market.Step;
import io.mm.simulator.market.SymbolMarket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A depth-limited view fed every step equals the book's best levels, and a client applying what it reports
 * reaches the same levels: by truncating (Kraken, pushed-out levels not sent) or by applying deletes (Bitfinex).
 */
class BookViewTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 25, 100, 500})
    void clientsOfTheViewStayEqualToTheBooksBestLevels(int depth) {
        SymbolMarket m = new SymbolMarket(Instrument.defaults(Exchange.KRAKEN).get(0), depth);
        BookView view = new BookView(m, depth);
        TreeMap<Long, Long> krakenBids = new TreeMap<>(Collections.reverseOrder());
        TreeMap<Long, Long> krakenAsks = new TreeMap<>();
        TreeMap<Long, Long> bfxBids = new TreeMap<>(Collections.reverseOrder());
        TreeMap<Long, Long> bfxAsks = new TreeMap<>();
        for (long[] l : m.levels(true, depth)) {
            krakenBids.put(l[0], l[1]);
            bfxBids.put(l[0], l[1]);
        }
        for (long[] l : m.levels(false, depth)) {
            krakenAsks.put(l[0], l[1]);
            bfxAsks.put(l[0], l[1]);
        }
        for (int i = 0; i < 20_000; i++) {
            Step s = m.step(i);
            view.apply(m, s.changes, new BookView.Sink() {
                @Override
                public void level(boolean bid, long price, long qty, int count) {
                    for (Map<Long, Long> side : bid ? List.of(krakenBids, bfxBids) : List.of(krakenAsks, bfxAsks)) {
                        if (qty == 0) {
                            side.remove(price);
                        } else {
                            side.put(price, qty);
                        }
                    }
                }

                @Override
                public void pushedOut(boolean bid, long price) {
                    (bid ? bfxBids : bfxAsks).remove(price);
                }
            });
            truncate(krakenBids, depth);
            truncate(krakenAsks, depth);
            for (boolean bid : new boolean[] {true, false}) {
                List<long[]> truth = m.levels(bid, depth);
                assertThat(flat(bid ? krakenBids : krakenAsks)).as("kraken step %d", i).isEqualTo(flatten(truth));
                assertThat(flat(bid ? bfxBids : bfxAsks)).as("bitfinex step %d", i).isEqualTo(flatten(truth));
                assertThat(view.size(bid)).isEqualTo(truth.size());
                List<Long> shown = new ArrayList<>();
                view.top(bid, depth, (p, q, c) -> shown.addAll(List.of(p, q, (long) c)));
                List<Long> expected = new ArrayList<>();
                truth.forEach(l -> expected.addAll(List.of(l[0], l[1], l[2])));
                assertThat(shown).as("top of the view, step %d", i).isEqualTo(expected);
            }
        }
    }

    private static void truncate(TreeMap<Long, Long> side, int depth) {
        while (side.size() > depth) {
            side.pollLastEntry();
        }
    }

    private static List<Long> flat(TreeMap<Long, Long> side) {
        List<Long> out = new ArrayList<>();
        side.forEach((p, q) -> {
            out.add(p);
            out.add(q);
        });
        return out;
    }

    private static List<Long> flatten(List<long[]> levels) {
        List<Long> out = new ArrayList<>();
        for (long[] l : levels) {
            out.add(l[0]);
            out.add(l[1]);
        }
        return out;
    }

    @Test
    void sameSeedSameMarket() {
        SymbolMarket a = new SymbolMarket(Instrument.defaults(Exchange.BINANCE).get(0), 42);
        SymbolMarket b = new SymbolMarket(Instrument.defaults(Exchange.BINANCE).get(0), 42);
        for (int i = 0; i < 5000; i++) {
            assertThat(a.step(i).changes).isEqualTo(b.step(i).changes);
        }
        assertThat(a.levels(true, 400).stream().map(l -> l[0] + ":" + l[1]).toList())
                .isEqualTo(b.levels(true, 400).stream().map(l -> l[0] + ":" + l[1]).toList());
        assertThat(a.trades().size()).isEqualTo(b.trades().size()).isGreaterThan(500);
        // the book never crosses
        assertThat(a.levels(true, 1).get(0)[0]).isLessThan(a.levels(false, 1).get(0)[0]);
    }
}
