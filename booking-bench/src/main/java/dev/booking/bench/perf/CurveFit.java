package dev.booking.bench.perf;

import java.util.ArrayList;
import java.util.List;

/**
 * How a cost grows with a size: the factor from each size to the next, and a verdict from the log-log
 * slope (cost ~ size^slope) fitted by least squares over the largest sizes only, where a fixed cost per
 * call (a round trip, a transaction) no longer hides the growth. The steps are decades in the cost
 * curves, so a step's factor is the growth per 10x.
 *
 * @param sizes   the sizes, ascending, each positive
 * @param costs   the cost at each size (a time: seconds per operation or per call), each positive
 * @param factors the cost at each size divided by the cost at the size before (one fewer than sizes)
 * @param slope   the log-log slope over the largest {@value #FIT_POINTS} sizes; NaN with fewer than two
 * @param verdict what the slope says
 */
record CurveFit(List<Long> sizes, List<Double> costs, List<Double> factors, double slope, Verdict verdict) {

    /** How many of the largest sizes the slope is fitted over: two decades. */
    static final int FIT_POINTS = 3;
    /** At or below this slope the cost is constant: less than 1.8x per 10x. */
    static final double CONSTANT_BELOW = 0.25;
    /** From this slope up to {@link #SUPER_LINEAR_ABOVE} the cost is linear: 5.6x to 17.8x per 10x. */
    static final double LINEAR_FROM = 0.75;
    /** Above this slope the cost grows faster than the size. */
    static final double SUPER_LINEAR_ABOVE = 1.25;

    /** The verdict on a curve. */
    enum Verdict {
        /** Does not grow with the size (slope at most {@value #CONSTANT_BELOW}). */
        CONSTANT("constant"),
        /** Grows, but clearly slower than the size (a logarithm, or a fixed cost still dominating). */
        SUB_LINEAR("sub-linear"),
        /** Grows in proportion to the size. */
        LINEAR("linear"),
        /** Grows faster than the size (slope above {@value #SUPER_LINEAR_ABOVE}). */
        SUPER_LINEAR("super-linear"),
        /** Fewer than two sizes measured. */
        UNKNOWN("n/a");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        /** The word printed in the tables. */
        String text() {
            return text;
        }

        static Verdict of(double slope) {
            if (Double.isNaN(slope)) {
                return UNKNOWN;
            }
            if (slope <= CONSTANT_BELOW) {
                return CONSTANT;
            }
            if (slope < LINEAR_FROM) {
                return SUB_LINEAR;
            }
            return slope <= SUPER_LINEAR_ABOVE ? LINEAR : SUPER_LINEAR;
        }
    }

    CurveFit {
        sizes = List.copyOf(sizes);
        costs = List.copyOf(costs);
        factors = List.copyOf(factors);
    }

    /**
     * Fits a curve.
     *
     * @throws IllegalArgumentException naming {@code sizes} or {@code costs} if they differ in length,
     *                                  are not positive, or the sizes do not ascend
     */
    static CurveFit of(List<Long> sizes, List<Double> costs) {
        if (sizes.size() != costs.size()) {
            throw new IllegalArgumentException("sizes and costs differ in length: " + sizes.size() + " and "
                    + costs.size());
        }
        for (int i = 0; i < sizes.size(); i++) {
            if (sizes.get(i) <= 0 || (i > 0 && sizes.get(i) <= sizes.get(i - 1))) {
                throw new IllegalArgumentException("sizes must be positive and ascending: " + sizes);
            }
            if (!(costs.get(i) > 0) || Double.isInfinite(costs.get(i))) {
                throw new IllegalArgumentException("costs must be positive: " + costs);
            }
        }
        List<Double> factors = new ArrayList<>();
        for (int i = 1; i < costs.size(); i++) {
            factors.add(costs.get(i) / costs.get(i - 1));
        }
        int from = Math.max(0, sizes.size() - FIT_POINTS);
        double slope = slope(sizes.subList(from, sizes.size()), costs.subList(from, costs.size()));
        return new CurveFit(sizes, costs, factors, slope, Verdict.of(slope));
    }

    /** The growth per 10x of size the slope stands for. */
    double factorPerDecade() {
        return Math.pow(10, slope);
    }

    private static double slope(List<Long> sizes, List<Double> costs) {
        int n = sizes.size();
        if (n < 2) {
            return Double.NaN;
        }
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            meanX += Math.log10(sizes.get(i)) / n;
            meanY += Math.log10(costs.get(i)) / n;
        }
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < n; i++) {
            double dx = Math.log10(sizes.get(i)) - meanX;
            covariance += dx * (Math.log10(costs.get(i)) - meanY);
            variance += dx * dx;
        }
        return covariance / variance;
    }
}
