package io.mm.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.num.NumberToken;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A long-lived frame writer copies the text of unchanged levels from its previous row; every row must be exactly
 * what a fresh writer (nothing cached) renders for the same book, through scale growth and style changes.
 */
class BookFrameWriterTest {

    @Test
    void cachedRowsEqualFreshlyRenderedRows() {
        Random r = new Random(42);
        LocalOrderBook book = new LocalOrderBook();
        NumberToken px = new NumberToken();
        NumberToken qty = new NumberToken();
        BookFrameWriter cached = new BookFrameWriter(20, NumberStyle.AS_SENT);
        ByteSink a = new ByteSink();
        ByteSink b = new ByteSink();
        for (int row = 0; row < 20_000; row++) {
            for (int k = 0; k < 5; k++) {
                boolean bid = r.nextBoolean();
                long p = bid ? 50_000 - r.nextInt(60) : 50_001 + r.nextInt(60);
                // vary decimals so the book's scale grows now and then, and trailing zeros so formats differ
                int decimals = row > 10_000 && r.nextInt(500) == 0 ? 6 : 2;
                String ptxt = decimals == 2 ? (p / 100) + "." + String.format("%02d", p % 100) : (p / 100) + "." + String.format("%02d", p % 100) + "0001";
                String qtxt = r.nextInt(6) == 0 ? "0" : (1 + r.nextInt(900)) + (r.nextBoolean() ? ".5" : ".50");
                px.parse(ptxt);
                qty.parse(qtxt);
                book.set(bid ? Side.BID : Side.ASK, px.unscaled, px.format, qty.unscaled, qty.format);
            }
            if (row == 15_000) {
                cached.setStyle(NumberStyle.PLAIN);
            }
            NumberStyle style = row >= 15_000 ? NumberStyle.PLAIN : NumberStyle.AS_SENT;
            // rows accumulate in one sink, as a writer's buffer holds several: a row rarely starts at 0
            if (row % 7 == 0) {
                a.reset();
            }
            int start = a.length();
            b.reset();
            cached.write(a, row, row, DepthUpdate.NONE, 1, row, DepthUpdate.NONE, book);
            new BookFrameWriter(20, style).write(b, row, row, DepthUpdate.NONE, 1, row, DepthUpdate.NONE, book);
            assertThat(a.toString().substring(start)).as("row %d", row).isEqualTo(b.toString());
        }
        assertThat(book.priceScale()).isEqualTo(6); // the scale did grow on the way
    }

    @Test
    void aScaleChangeNeverReusesTextOfAnotherPrice() {
        // 5000.00 at scale 2 and 50.00 at scale 4 share the scaled value 500000 and the format: only the
        // scale tells them apart
        LocalOrderBook book = new LocalOrderBook();
        NumberToken px = new NumberToken();
        NumberToken qty = new NumberToken();
        px.parse("5000.00");
        qty.parse("1.0");
        book.set(Side.ASK, px.unscaled, px.format, qty.unscaled, qty.format);
        BookFrameWriter w = new BookFrameWriter(2, NumberStyle.AS_SENT);
        ByteSink out = new ByteSink();
        w.write(out, 1, 1, DepthUpdate.NONE, 1, 0, DepthUpdate.NONE, book);
        assertThat(out.toString()).contains(",5000.00,1.0");
        book.remove(Side.ASK, px.unscaled, px.format);
        px.parse("70.0001");
        book.set(Side.ASK, px.unscaled, px.format, qty.unscaled, qty.format); // grows the price scale to 4
        px.parse("50.00");
        book.set(Side.ASK, px.unscaled, px.format, qty.unscaled, qty.format);
        assertThat(book.priceScale()).isEqualTo(4);
        out.reset();
        w.write(out, 2, 2, DepthUpdate.NONE, 1, 0, DepthUpdate.NONE, book);
        assertThat(out.toString()).contains(",50.00,1.0,").doesNotContain("5000.00");
    }
}
