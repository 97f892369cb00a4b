package dev.booking.bench.perf;

import java.time.Duration;
import java.util.List;

/**
 * How long and how often: the knobs that separate a full run (about ten minutes with every backend on
 * two cores) from the {@code --quick} CI run (under a minute).
 *
 * @param name          "full" or "quick", printed with the settings
 * @param runTime       length of one distinct-seats run (a run also ends early when its seats run out)
 * @param warmUp        length of the untimed distinct-seats run per variant before a backend is measured
 * @param levels        client threads for the distinct-seats workload
 * @param rawPairs      A/B pairs of library and raw JDBC (and of library and pgbench) per level
 * @param otherPairs    A/B pairs of library and each other baseline per level
 * @param callers       hot-seat callers racing for each seat
 * @param hotRounds     hot-seat seats (rounds) per run
 * @param hotPairs      A/B pairs per hot-seat baseline
 * @param maxSeatsPerRun cap on the seats prepared for one distinct-seats run, which bounds set-up time on
 *                      fast backends
 */
record Profile(String name, Duration runTime, Duration warmUp, List<Integer> levels, int rawPairs, int otherPairs,
               int callers, int hotRounds, int hotPairs, int maxSeatsPerRun) {

    /** The default concurrency levels of the distinct-seats workload. */
    static final List<Integer> LEVELS = List.of(1, 8, 32, 128);

    Profile {
        if (runTime.isNegative() || runTime.isZero() || warmUp.isNegative()) {
            throw new IllegalArgumentException("run time must be positive and warm-up not negative");
        }
        levels = List.copyOf(levels);
        if (levels.isEmpty() || levels.stream().anyMatch(level -> level < 1)) {
            throw new IllegalArgumentException("concurrency levels must be at least 1");
        }
        if (rawPairs < 1 || otherPairs < 1 || hotPairs < 1) {
            throw new IllegalArgumentException("pairs must be at least 1");
        }
        if (callers < 2 || hotRounds < 1 || maxSeatsPerRun < 100) {
            throw new IllegalArgumentException("a hot seat needs at least 2 callers and 1 round; runs need seats");
        }
    }

    /** The full run behind the published figures. */
    static Profile full() {
        return new Profile("full", Duration.ofSeconds(1), Duration.ofSeconds(2), LEVELS, 5, 2, 1000, 10, 2,
                150_000);
    }

    /**
     * The CI run: every workload, backend and variant once, briefly, below and above the pool size;
     * integrity is what it is for, its timings are only a smoke test.
     */
    static Profile quick() {
        return new Profile("quick", Duration.ofMillis(200), Duration.ofMillis(200), List.of(8, 128), 1, 1, 1000, 2, 1,
                20_000);
    }

    /** Whether this is the {@code --quick} profile, whose every output says so. */
    boolean isQuick() {
        return name.equals("quick");
    }

    /**
     * For a quick run, one line that says its figures are not for comparing, printed with every output
     * (console, Markdown, CSV column {@code profile}, chart); null for a full run.
     */
    String caution() {
        if (!isQuick()) {
            return null;
        }
        return String.format("QUICK run (--quick): a smoke test of integrity, not a measurement. Runs of %d ms and %d"
                + " A/B pair%s per baseline, which one noisy run can swing twofold: compare none of these timings with"
                + " a full run's, nor row with row.", runTime.toMillis(), Math.min(rawPairs, otherPairs),
                Math.min(rawPairs, otherPairs) == 1 ? "" : "s");
    }

    Profile withRunTime(Duration value) {
        return new Profile(name, value, warmUp, levels, rawPairs, otherPairs, callers, hotRounds, hotPairs,
                maxSeatsPerRun);
    }

    Profile withLevels(List<Integer> value) {
        return new Profile(name, runTime, warmUp, value, rawPairs, otherPairs, callers, hotRounds, hotPairs,
                maxSeatsPerRun);
    }

    Profile withPairs(int value) {
        return new Profile(name, runTime, warmUp, levels, value, value, callers, hotRounds, value, maxSeatsPerRun);
    }

    Profile withHotSeat(int callersValue, int roundsValue) {
        return new Profile(name, runTime, warmUp, levels, rawPairs, otherPairs, callersValue, roundsValue, hotPairs,
                maxSeatsPerRun);
    }
}
