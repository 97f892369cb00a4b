package dev.booking.bench.perf;

import java.util.List;

/**
 * How much of the shared line's workloads a profile runs, and on which stores: a quick run keeps
 * them small (one run each, a few hundred requests, one hot-seat round, the store-dependent ones on
 * the first store only) so that {@code ./bench --quick} still takes about a minute.
 *
 * @param submitLevels   submitting threads of the line-submit workload
 * @param runs           repetitions of each line-submit run
 * @param decideRuns     repetitions of each line-decide run
 * @param hotRuns        repetitions of each line-hot-seat variant
 * @param decideRequests requests in line when the line-decide worker starts
 * @param hotRounds      seats raced per line-hot-seat run
 * @param batchLevel     client threads of the line-batch workload
 * @param batchPairs     A/B pairs (direct, then line) per broker of the line-batch workload
 * @param warmUpRequests requests decided, untimed, per broker before a store's line workloads; 0 for none
 * @param quick          whether the store-dependent workloads run on the first store only
 */
record LineSizes(List<Integer> submitLevels, int runs, int decideRuns, int hotRuns, int decideRequests, int hotRounds, int batchLevel,
                 int batchPairs, int warmUpRequests, boolean quick) {

    LineSizes {
        submitLevels = List.copyOf(submitLevels);
    }

    /** The sizes for a profile; the hot seat's callers are the profile's. */
    static LineSizes of(Profile profile) {
        if (profile.isQuick()) {
            return new LineSizes(List.of(8, 32), 1, 1, 1, 300, 1, 32, 1, 0, true);
        }
        return new LineSizes(List.of(8, 32), 2, 1, 1, 5_000, Math.min(profile.hotRounds(), 5), 32, 2, 2_000, false);
    }

    /** One line for the settings. */
    String describe() {
        return "line-submit at " + submitLevels + " client threads, " + runs + " run(s) each; line-decide "
                + decideRequests + " requests per run, " + decideRuns + " run(s); line-hot-seat " + hotRounds
                + " seat(s) per run; line-batch at " + batchLevel + " client threads, " + batchPairs
                + " pair(s) per broker; untimed warm-up " + warmUpRequests + " decisions per broker and store";
    }

    /**
     * Whether {@code workload} runs on {@code backend}. Submitting does not depend on the store: it runs
     * on the first backend only. Deciding and the hot seat run on H2 and PostgreSQL (quick: on the first
     * of the backends only); the batches on every SQL backend. The in-process Mongo server takes no part.
     */
    boolean runsOn(Workload workload, BackendKind backend, List<BackendKind> backends) {
        BackendKind first = backends.isEmpty() ? null : backends.get(0);
        return switch (workload) {
            case LINE_SUBMIT -> backend == first;
            case LINE_DECIDE, LINE_HOT_SEAT -> quick ? backend == first && backend.sql()
                    : backend == BackendKind.H2 || backend == BackendKind.POSTGRESQL;
            case LINE_BATCH -> backend.sql();
            default -> false;
        };
    }
}
