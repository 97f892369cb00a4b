package dev.booking.bench.perf;

import java.util.Optional;

/**
 * One thing the benchmark does on one backend, with a time estimate for the progress line.
 *
 * @param backend         the backend it needs open
 * @param label           what the progress line says
 * @param estimateSeconds rough duration, for the time-left estimate only
 * @param action          the work; a measured run returns its result, a warm-up returns empty
 */
record Step(BackendKind backend, String label, double estimateSeconds, Action action) {

    /** The work of a step. */
    @FunctionalInterface
    interface Action {
        Optional<RunResult> run(Session session) throws Exception;
    }
}
