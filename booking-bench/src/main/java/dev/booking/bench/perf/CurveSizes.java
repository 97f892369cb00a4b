package dev.booking.bench.perf;

import java.util.List;

/**
 * How much of the cost curves a profile runs: the seats per show and the concurrent users measured,
 * how many calls make a per-call figure, and the time one size may take on one backend before the
 * next, ten times larger, is left out of that backend (it would take about ten times as long).
 *
 * @param seats         seats per show, ascending: a decade each
 * @param users         concurrent users, ascending
 * @param listCalls     listSeats calls per size (p50 and p99 over these)
 * @param bookCalls     tryBook calls per size, on seats spread over the show
 * @param userBookings  bookings per users level at least (each user books the same number of seats)
 * @param budgetSeconds the most one size (library or memory, every operation) or users level is projected
 *                      to take: a size that took more than a tenth of it is the largest on that backend, and
 *                      a users level is left out when the level before, scaled by the square of the bookings,
 *                      passes it
 */
record CurveSizes(List<Integer> seats, List<Integer> users, int listCalls, int bookCalls, int userBookings,
                  double budgetSeconds) {

    CurveSizes {
        seats = List.copyOf(seats);
        users = List.copyOf(users);
        if (seats.isEmpty() || seats.get(0) < 10) {
            throw new IllegalArgumentException("seats must list sizes of at least 10");
        }
        if (users.isEmpty() || users.get(0) < 1) {
            throw new IllegalArgumentException("users must list levels of at least 1");
        }
        if (listCalls < 1 || bookCalls < 1 || userBookings < 1) {
            throw new IllegalArgumentException("listCalls, bookCalls and userBookings must be at least 1");
        }
        if (!(budgetSeconds > 0)) {
            throw new IllegalArgumentException("budgetSeconds must be positive");
        }
    }

    /** The most seats per show of a full run unless {@code --curve-max} asks for more. */
    static final int DEFAULT_MAX_SEATS = 100_000;
    /**
     * The most seats per show on the in-process Mongo server unless {@code --curve-max} asks for more: it
     * scans its collection per query (measured at 10^4 seats: tryBook 23 ms, the sweep 14 holds per
     * second, 2 min 18 s for the size), which is the test server's cost, not the adapter's.
     */
    static final int MONGO_MAX_SEATS = 1_000;

    /** The sizes for a profile: quick runs 10^2 and 10^3 seats, 10 and 100 users. */
    static CurveSizes of(Profile profile) {
        if (profile.isQuick()) {
            // a budget nothing reaches: the smoke test must cover every size, however loaded the machine
            return new CurveSizes(List.of(100, 1_000), List.of(10, 100), 2, 20, 200, 600);
        }
        return new CurveSizes(List.of(100, 1_000, 10_000, 100_000, 1_000_000), List.of(10, 100, 1_000, 10_000), 5,
                200, 3_000, 60);
    }

    /** The bookings of a users level: each user books the same number of seats, together at least {@link #userBookings}. */
    int bookings(int usersLevel) {
        return usersLevel * Math.max(1, (userBookings + usersLevel - 1) / usersLevel);
    }

    /** The same sizes with no size or level left out for time (for {@code --curve-max} beyond the default). */
    CurveSizes withoutBudget() {
        return new CurveSizes(seats, users, listCalls, bookCalls, userBookings, Double.MAX_VALUE);
    }

    /** One line for the settings. */
    String describe() {
        return "curves at " + seats + " seats per show (" + listCalls + " listSeats calls, " + bookCalls
                + " tryBook calls each, 10% of the seats held and lapsed before the sweep) and " + users
                + " concurrent users (at least " + userBookings + " bookings per level, on at most "
                + CostCurvesRun.USER_THREADS + " threads); "
                + (budgetSeconds == Double.MAX_VALUE ? "no size left out for time"
                : "a size or level projected past " + (int) budgetSeconds + " s on a backend is left out there;"
                + " the in-process Mongo server stops at " + MONGO_MAX_SEATS + " seats");
    }
}
