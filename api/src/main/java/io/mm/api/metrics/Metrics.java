package io.mm.api.metrics;

/**
 * The metrics of a window of candle closes: log returns {@code r_t = ln(c_t / c_(t-1))} of each symbol, then the
 * Pearson correlation matrix, the sample covariance matrix (n - 1), or each symbol's volatility (the sample
 * standard deviation of its returns, and that scaled to a year). A matrix entry or a volatility is NaN where a
 * symbol's returns do not vary.
 */
public final class Metrics {
    private Metrics() {}

    /** Returns of aligned closes ({@code closes[t][j]}, every value positive). */
    public static double[][] logReturns(double[][] closes) {
        int n = Math.max(0, closes.length - 1);
        int k = closes.length == 0 ? 0 : closes[0].length;
        double[][] r = new double[n][k];
        for (int t = 1; t < closes.length; t++) {
            for (int j = 0; j < k; j++) {
                r[t - 1][j] = Math.log(closes[t][j] / closes[t - 1][j]);
            }
        }
        return r;
    }

    public static double[][] covariance(double[][] r) {
        int n = r.length;
        int k = n == 0 ? 0 : r[0].length;
        double[] mean = means(r, k);
        double[][] c = new double[k][k];
        if (n < 2) {
            fillNaN(c);
            return c;
        }
        for (double[] row : r) {
            for (int a = 0; a < k; a++) {
                double da = row[a] - mean[a];
                for (int b = a; b < k; b++) {
                    c[a][b] += da * (row[b] - mean[b]);
                }
            }
        }
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                c[a][b] /= n - 1;
                c[b][a] = c[a][b];
            }
        }
        return c;
    }

    public static double[][] correlation(double[][] r) {
        double[][] c = covariance(r);
        int k = c.length;
        double[][] out = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double d = Math.sqrt(c[a][a] * c[b][b]);
                out[a][b] = d > 0 ? c[a][b] / d : Double.NaN;
            }
        }
        return out;
    }

    /** Each symbol's sample standard deviation of returns per interval. */
    public static double[] volatility(double[][] r) {
        double[][] c = covariance(r);
        double[] v = new double[c.length];
        for (int j = 0; j < c.length; j++) {
            v[j] = c[j][j] > 0 ? Math.sqrt(c[j][j]) : c[j][j] == 0 ? 0 : Double.NaN;
        }
        return v;
    }

    /** Per-interval volatility scaled to a year of 365 days ({@code sqrt} of the intervals in a year). */
    public static double annualize(double perInterval, long intervalMs) {
        return perInterval * Math.sqrt(365.0 * 86_400_000 / intervalMs);
    }

    private static double[] means(double[][] r, int k) {
        double[] m = new double[k];
        for (double[] row : r) {
            for (int j = 0; j < k; j++) {
                m[j] += row[j];
            }
        }
        for (int j = 0; j < k; j++) {
            m[j] /= Math.max(1, r.length);
        }
        return m;
    }

    private static void fillNaN(double[][] c) {
        for (double[] row : c) {
            java.util.Arrays.fill(row, Double.NaN);
        }
    }
}
