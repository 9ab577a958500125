package io.mm.bench;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The benchmarks' numeric options, refused by picocli when out of range (exit 2 naming the option), never run as given. */
final class Counts {
    private Counts() {}

    /** A whole number of at least {@code min}, as an int. */
    private abstract static class IntAtLeast implements ITypeConverter<Integer> {
        private final int min;

        IntAtLeast(int min) {
            this.min = min;
        }

        @Override
        public Integer convert(String value) {
            return Math.toIntExact(whole(value, min, Integer.MAX_VALUE));
        }
    }

    /** A count of at least 1: clients, symbols, days, parallelism, seconds. */
    static final class AtLeastOne extends IntAtLeast {
        AtLeastOne() {
            super(1);
        }
    }

    /** 0 or more: a warm-up. */
    static final class AtLeastZero extends IntAtLeast {
        AtLeastZero() {
            super(0);
        }
    }

    /** A count of at least 1, beyond an int: updates, trades. */
    static final class AtLeastOneLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return whole(value, 1, Long.MAX_VALUE);
        }
    }

    /** A rate above 0 per second. */
    static final class PositiveRate implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return rate(value, false);
        }
    }

    /** A rate of 0 (as fast as taken) or more. */
    static final class RateOrZero implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return rate(value, true);
        }
    }

    private static long whole(String value, long min, long max) {
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
        if (n < min || n > max) {
            throw new TypeConversionException("'" + value + "' must be at least " + min + " and at most " + max);
        }
        return n;
    }

    private static double rate(String value, boolean zero) {
        double d;
        try {
            d = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number");
        }
        if (!(zero ? d >= 0 : d > 0) || Double.isInfinite(d)) {
            throw new TypeConversionException("'" + value + "' must be " + (zero ? "0 or more" : "above 0"));
        }
        return d;
    }
}
