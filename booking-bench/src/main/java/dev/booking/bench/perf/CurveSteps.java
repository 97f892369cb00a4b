package dev.booking.bench.perf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The steps of the cost curves on one backend, for {@link Plan}: an untimed warm-up of every curve
 * operation, then per size the library's run and the in-memory reference's right after it (the pair),
 * then per users level the same. A size whose predecessor took more than a tenth of the budget is left
 * out of that implementation on this backend, and so is every larger one; a users level whose
 * predecessor, scaled by the square of the bookings, passes the budget likewise; each with a row
 * that says so in the tables.
 */
final class CurveSteps {

    private static final String PAIR = "curve#1";

    private CurveSteps() {
    }

    /**
     * The steps on {@code backend}.
     *
     * @param curveMax the most seats per show ({@code --curve-max}); beyond the default, every size runs on
     *                 every backend, however long it takes
     */
    static List<Step> of(BackendKind backend, Profile profile, int curveMax) {
        List<Step> steps = new ArrayList<>();
        boolean optIn = curveMax > CurveSizes.DEFAULT_MAX_SEATS;
        CurveSizes sizes = optIn ? CurveSizes.of(profile).withoutBudget() : CurveSizes.of(profile);
        int largest = optIn || backend != BackendKind.MONGO ? curveMax
                : Math.min(curveMax, CurveSizes.MONGO_MAX_SEATS);
        if (!profile.isQuick()) {
            // the first calls of each operation compile and prepare: not in the smallest size's figures
            steps.add(new Step(backend, "warm-up " + backend.id() + " curves", 2, session -> {
                for (String implementation : List.of(Variants.LIBRARY, CostCurvesRun.MEMORY)) {
                    CostCurvesRun.atSize(session, implementation, 1_000, sizes, "warm-up");
                    CostCurvesRun.withUsers(session, implementation, 10, sizes, "warm-up");
                }
                return Optional.empty();
            }));
        }
        Map<String, Double> secondsBefore = new HashMap<>(); // per implementation, the size or level before's
        for (int seats : sizes.seats().stream().filter(seats -> seats <= largest).toList()) {
            for (String implementation : List.of(Variants.LIBRARY, CostCurvesRun.MEMORY)) {
                double estimate = seats / (implementation.equals(Variants.LIBRARY) ? 15_000.0 : 300_000.0) + 0.2;
                steps.add(new Step(backend, label(backend, seats + " seats", implementation), estimate, session -> {
                    Double before = secondsBefore.get(implementation);
                    if (before != null && before * 10 > sizes.budgetSeconds()) {
                        secondsBefore.put(implementation, Double.POSITIVE_INFINITY);
                        return Optional.of(CostCurvesRun.skipped(session, implementation, CostCurvesRun.ADD, seats,
                                Double.isInfinite(before) ? "a smaller size was left out"
                                        : String.format("the size before took %.1f s, over a tenth of the budget of"
                                        + " %.0f s", before, sizes.budgetSeconds())));
                    }
                    long start = System.nanoTime();
                    List<RunResult> results = CostCurvesRun.atSize(session, implementation, seats, sizes, PAIR);
                    secondsBefore.put(implementation, (System.nanoTime() - start) / 1e9);
                    // one step returns one result: the others go to the session, the last to the progress line
                    results.subList(0, results.size() - 1).forEach(session::report);
                    return Optional.of(results.get(results.size() - 1));
                }));
            }
        }
        Map<String, Integer> bookingsBefore = new HashMap<>();
        for (int users : sizes.users()) {
            for (String implementation : List.of(Variants.LIBRARY, CostCurvesRun.MEMORY)) {
                String key = "users " + implementation;
                steps.add(new Step(backend, label(backend, users + " users", implementation), users / 2000.0 + 1,
                        session -> {
                            // a booking costs more on a larger show where the store scans (the in-process Mongo
                            // server): projected with the square of the bookings, as each booking adds a seat
                            int bookings = sizes.bookings(users);
                            Double before = secondsBefore.get(key);
                            if (before != null && before * Math.pow((double) bookings / bookingsBefore.get(key), 2)
                                    > sizes.budgetSeconds()) {
                                secondsBefore.put(key, Double.POSITIVE_INFINITY);
                                return Optional.of(CostCurvesRun.skipped(session, implementation, CostCurvesRun.USERS,
                                        users, "projected over the budget"));
                            }
                            long start = System.nanoTime();
                            RunResult result = CostCurvesRun.withUsers(session, implementation, users, sizes, PAIR);
                            secondsBefore.put(key, (System.nanoTime() - start) / 1e9);
                            bookingsBefore.put(key, bookings);
                            return Optional.of(result);
                        }));
            }
        }
        return steps;
    }

    private static String label(BackendKind backend, String size, String implementation) {
        return Workload.CURVES.id() + " " + backend.id() + " " + size + " " + implementation + " [" + PAIR + "]";
    }
}
