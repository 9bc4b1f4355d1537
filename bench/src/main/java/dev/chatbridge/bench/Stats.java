package dev.chatbridge.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/** Nearest-rank percentiles of a set of samples (milliseconds unless said otherwise). */
record Stats(int count, double p50, double p95, double p99, double max, double mean) {

    static final Stats EMPTY = new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    static Stats of(Collection<Double> samples) {
        if (samples.isEmpty()) {
            return EMPTY;
        }
        double[] sorted =
                samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Stats(
                sorted.length,
                rank(sorted, 50),
                rank(sorted, 95),
                rank(sorted, 99),
                sorted[sorted.length - 1],
                Arrays.stream(sorted).average().orElse(Double.NaN));
    }

    private static double rank(double[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.clamp(index, 0, sorted.length - 1)];
    }

    /** "p50 3.1 / p95 4.0 / p99 4.2 ms (n=100)". */
    String p50p95p99() {
        return count == 0
                ? "no samples"
                : "p50 " + ms(p50) + " / p95 " + ms(p95) + " / p99 " + ms(p99) + " ms (n=" + count + ")";
    }

    String p50p99() {
        return count == 0 ? "no samples" : "p50 " + ms(p50) + " / p99 " + ms(p99) + " ms (n=" + count + ")";
    }

    /** Milliseconds with a precision that suits their size. */
    static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "n/a";
        }
        if (millis >= 100) {
            return String.format(Locale.ROOT, "%.0f", millis);
        }
        return millis >= 10 ? String.format(Locale.ROOT, "%.1f", millis) : String.format(Locale.ROOT, "%.2f", millis);
    }
}
