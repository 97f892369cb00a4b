package dev.booking.bench.perf;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which sizes the cost curves plan on which backend. */
class CurveStepsTest {

    @Test
    void theDefaultStopsAtTenToTheFiveAndTheInProcessMongoServerAtTenToTheThree() {
        assertThat(labels(BackendKind.H2, Profile.full(), CurveSizes.DEFAULT_MAX_SEATS))
                .contains("curves h2 100000 seats library [curve#1]", "curves h2 100000 seats memory [curve#1]",
                        "curves h2 10000 users library [curve#1]", "warm-up h2 curves")
                .noneMatch(label -> label.contains("1000000 seats"));
        assertThat(labels(BackendKind.MONGO, Profile.full(), CurveSizes.DEFAULT_MAX_SEATS))
                .contains("curves mongo 1000 seats library [curve#1]")
                .noneMatch(label -> label.contains("10000 seats"));
    }

    @Test
    void askingForMoreThanTheDefaultRunsEverySizeEverywhere() {
        assertThat(labels(BackendKind.MONGO, Profile.full(), 1_000_000))
                .contains("curves mongo 1000000 seats library [curve#1]");
        assertThat(labels(BackendKind.POSTGRESQL, Profile.full(), 1_000_000))
                .contains("curves postgresql 1000000 seats library [curve#1]");
    }

    @Test
    void theQuickProfileRunsTwoSizesAndTwoLevelsWithoutAWarmUp() {
        assertThat(labels(BackendKind.H2, Profile.quick(), 1_000)).containsExactly(
                "curves h2 100 seats library [curve#1]", "curves h2 100 seats memory [curve#1]",
                "curves h2 1000 seats library [curve#1]", "curves h2 1000 seats memory [curve#1]",
                "curves h2 10 users library [curve#1]", "curves h2 10 users memory [curve#1]",
                "curves h2 100 users library [curve#1]", "curves h2 100 users memory [curve#1]");
    }

    private static List<String> labels(BackendKind backend, Profile profile, int curveMax) {
        return CurveSteps.of(backend, profile, curveMax).stream().map(Step::label).toList();
    }
}
