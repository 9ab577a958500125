package io.mm.core.num;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NumberTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "-0.0", "0.00100000", "4.0", "45285.2", "0.35130000", "7e-7", "1.7e-7", "6.6e-7",
            "1E-8", "1e+3", "1E3", "1e-07", "-4847.13", "266122.94", "500793.10790141", "205000", "123456789012345678",
            "0.000000000000000001", "9.99e-12", "-1", "3310070434"})
    void everyTokenIsWrittenBackByteForByte(String token) {
        NumberToken t = new NumberToken();
        assertThat(t.parse(token)).as(t.error).isTrue();
        byte[] out = new byte[64];
        int n = NumberText.writeUnscaled(t.unscaled, t.format, out, 0);
        assertThat(new String(out, 0, n)).isEqualTo(token);
        // and through a scaled value at any sufficient scale
        int ws = Math.max(0, NumberText.writtenScale(t.format));
        for (int scale = ws; scale <= Math.min(18, ws + 3); scale++) {
            long v = NumberText.toScaled(t.unscaled, t.format, scale);
            if (v != NumberText.INVALID) {
                assertThat(NumberText.asSent(v, scale, t.format)).isEqualTo(token);
            }
        }
    }

    @Test
    void randomJsonNumbersRoundTrip() {
        Random r = new Random(20261124);
        NumberToken t = new NumberToken();
        byte[] out = new byte[80];
        for (int i = 0; i < 200_000; i++) {
            String s = randomJsonNumber(r);
            assertThat(t.parse(s)).as(s + ": " + t.error).isTrue();
            int n = NumberText.writeUnscaled(t.unscaled, t.format, out, 0);
            assertThat(new String(out, 0, n)).isEqualTo(s);
            // the value agrees with BigDecimal's reading of the same text
            BigDecimal expected = new BigDecimal(s);
            BigDecimal ours = BigDecimal.valueOf(t.unscaled, NumberText.writtenScale(t.format));
            assertThat(ours.compareTo(expected)).as(s).isZero();
        }
    }

    static String randomJsonNumber(Random r) {
        StringBuilder b = new StringBuilder();
        if (r.nextInt(4) == 0) {
            b.append('-');
        }
        int intDigits = r.nextInt(7);
        int fracDigits = r.nextInt(3) == 0 ? 0 : r.nextInt(11);
        if (intDigits == 0) {
            b.append('0');
        } else {
            b.append((char) ('1' + r.nextInt(9)));
            for (int i = 1; i < intDigits; i++) {
                b.append((char) ('0' + r.nextInt(10)));
            }
        }
        if (fracDigits > 0) {
            b.append('.');
            for (int i = 0; i < fracDigits; i++) {
                b.append((char) ('0' + r.nextInt(10)));
            }
        }
        if (r.nextInt(5) == 0) {
            b.append(r.nextBoolean() ? 'e' : 'E');
            int k = r.nextInt(3);
            if (k == 1) {
                b.append('-');
            } else if (k == 2) {
                b.append('+');
            }
            if (r.nextInt(4) == 0) {
                b.append('0');
            }
            b.append(r.nextInt(20));
        }
        return b.toString();
    }

    @ParameterizedTest
    @CsvSource({"7e-7,0.0000007", "1.7e-7,0.00000017", "266122.94,266122.94", "1e3,1000", "4.0,4.0", "1E-8,0.00000001",
            "0.00100000,0.00100000", "-4847.13,-4847.13"})
    void plainExpandsExponentsAndKeepsWrittenDecimals(String token, String plain) {
        NumberToken t = new NumberToken();
        assertThat(t.parse(token)).isTrue();
        int scale = 12;
        long v = NumberText.toScaled(t.unscaled, t.format, scale);
        assertThat(NumberText.plain(v, scale, t.format)).isEqualTo(plain);
    }

    @ParameterizedTest
    @CsvSource({"0.001,8,0.00100000", "4.0,8,4.00000000", "29426.7,1,29426.7", "45285.2,2,45285.20", "0.5657,4,0.5657"})
    void fixedPrintsWithTheInstrumentsPrecision(String token, int decimals, String fixed) {
        NumberToken t = new NumberToken();
        assertThat(t.parse(token)).isTrue();
        long v = NumberText.toScaled(t.unscaled, t.format, 10);
        assertThat(NumberText.fixed(v, 10, decimals)).isEqualTo(fixed);
    }

    @Test
    void checksumDigitsDropThePointAndLeadingZeros() {
        byte[] out = new byte[32];
        // 0.00100000 at 8 decimals -> "100000"; 45285.2 at 1 -> "452852"
        int n = NumberText.writeChecksumDigits(100_000, 8, 8, out, 0);
        assertThat(new String(out, 0, n)).isEqualTo("100000");
        n = NumberText.writeChecksumDigits(452852, 1, 1, out, 0);
        assertThat(new String(out, 0, n)).isEqualTo("452852");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+1", "01", "1.", ".5", "1e", "1e+", "0x10", "1.2.3", "NaN", "1234567890123456789", "1e1000",
            " 1", "1 "})
    void rejectsWhatIsNotAJsonNumber(String bad) {
        NumberToken t = new NumberToken();
        assertThat(t.parse(bad)).isFalse();
        assertThat(t.error).isNotBlank();
    }

    @Test
    void scalingRefusesLossAndOverflow() {
        NumberToken t = new NumberToken();
        t.parse("0.123");
        assertThat(NumberText.toScaled(t.unscaled, t.format, 2)).isEqualTo(NumberText.INVALID);
        assertThat(NumberText.toScaled(t.unscaled, t.format, 3)).isEqualTo(123);
        t.parse("0.120");
        assertThat(NumberText.toScaled(t.unscaled, t.format, 2)).isEqualTo(12); // trailing zero, no loss
        t.parse("123456789012345678");
        assertThat(NumberText.toScaled(t.unscaled, t.format, 2)).isEqualTo(NumberText.INVALID);
    }
}
