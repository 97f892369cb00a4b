package dev.booking.bench.perf;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The verdict on synthetic curves: it must tell constant, linear and quadratic costs apart. */
class CurveFitTest {

    private static final List<Long> DECADES = List.of(100L, 1_000L, 10_000L, 100_000L, 1_000_000L);

    @Test
    void aCostProportionalToTheSizeIsLinear() {
        CurveFit fit = fit(n -> 2e-6 * n);
        assertThat(fit.verdict()).isEqualTo(CurveFit.Verdict.LINEAR);
        assertThat(fit.slope()).isCloseTo(1.0, within(1e-9));
        assertThat(fit.factors()).allSatisfy(factor -> assertThat(factor).isCloseTo(10.0, within(1e-9)));
    }

    @Test
    void aFixedCostPerCallAtSmallSizesStillReadsLinearAtTheTop() {
        // a 5 ms round trip dominates the small shows; the largest three decide
        assertThat(fit(n -> 0.005 + 1e-6 * n).verdict()).isEqualTo(CurveFit.Verdict.LINEAR);
    }

    @Test
    void aCostThatDoesNotGrowIsConstant() {
        assertThat(fit(n -> 0.0004).verdict()).isEqualTo(CurveFit.Verdict.CONSTANT);
        // an index: a B-tree's depth grows by a level or so per decade
        assertThat(fit(n -> 0.0004 * (1 + 0.05 * Math.log10(n))).verdict()).isEqualTo(CurveFit.Verdict.CONSTANT);
    }

    @Test
    void aQuadraticCostIsSuperLinear() {
        CurveFit fit = fit(n -> 1e-9 * n * n);
        assertThat(fit.verdict()).isEqualTo(CurveFit.Verdict.SUPER_LINEAR);
        assertThat(fit.factorPerDecade()).isCloseTo(100.0, within(1e-6));
        // and a sort's n log n is still linear to the eye of a 10x step
        assertThat(fit(n -> 1e-8 * n * Math.log(n)).verdict()).isEqualTo(CurveFit.Verdict.LINEAR);
    }

    @Test
    void aSquareRootIsSubLinear() {
        assertThat(fit(n -> 1e-5 * Math.sqrt(n)).verdict()).isEqualTo(CurveFit.Verdict.SUB_LINEAR);
    }

    @Test
    void oneSizeHasNoVerdict() {
        CurveFit fit = CurveFit.of(List.of(100L), List.of(0.5));
        assertThat(fit.verdict()).isEqualTo(CurveFit.Verdict.UNKNOWN);
        assertThat(fit.factors()).isEmpty();
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        assertThatThrownBy(() -> CurveFit.of(List.of(100L, 10L), List.of(1.0, 2.0))).hasMessageContaining("sizes");
        assertThatThrownBy(() -> CurveFit.of(List.of(10L, 100L), List.of(1.0, 0.0))).hasMessageContaining("costs");
        assertThatThrownBy(() -> CurveFit.of(List.of(10L), List.of(1.0, 2.0))).hasMessageContaining("sizes");
    }

    private static CurveFit fit(LongToDoubleFunction cost) {
        List<Double> costs = new ArrayList<>();
        DECADES.forEach(n -> costs.add(cost.applyAsDouble(n)));
        return CurveFit.of(DECADES, costs);
    }
}
