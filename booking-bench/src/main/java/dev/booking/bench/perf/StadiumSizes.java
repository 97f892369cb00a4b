package dev.booking.bench.perf;

import java.time.Duration;

/**
 * How big the stadium on-sale (issue 18) is: a show of {@code rows} x {@code seatsPerRow} seats, added
 * through the library, then {@code attempts} booking attempts by {@code users} concurrent users, then the
 * users sweep the seats left until every seat is sold or {@code cap} has passed since the sale opened.
 *
 * @param rows          rows of the stadium, front row first
 * @param seatsPerRow   seats in every row
 * @param attempts      planned booking attempts (tryBook or hold) shared by the users
 * @param users         concurrent users, one platform thread each
 * @param hotSeats      seats in the middle of the front row that draw {@link StadiumCrowd#HOT_SHARE} of the attempts
 * @param minHold       the shortest hold a user asks for
 * @param maxHold       the longest hold a user asks for
 * @param addBatch      seats per {@code addSeats} call while the show is set up
 * @param cap           how long after the sale opens the run stops, sold out or not
 */
record StadiumSizes(int rows, int seatsPerRow, int attempts, int users, int hotSeats, Duration minHold,
                    Duration maxHold, int addBatch, Duration cap) {

    StadiumSizes {
        if (rows < 1 || rows > 999) {
            throw new IllegalArgumentException("rows must be 1 to 999");
        }
        if (seatsPerRow < 1 || seatsPerRow > 9_999) {
            throw new IllegalArgumentException("seatsPerRow must be 1 to 9999");
        }
        if (attempts < 1 || users < 1 || addBatch < 1) {
            throw new IllegalArgumentException("attempts, users and addBatch must be at least 1");
        }
        if (hotSeats < 0 || hotSeats > seatsPerRow) {
            throw new IllegalArgumentException("hotSeats must fit in the front row");
        }
        if (minHold.toMillis() < 1 || maxHold.compareTo(minHold) < 0) {
            throw new IllegalArgumentException("minHold must be at least 1 ms and maxHold at least minHold");
        }
        if (cap.isNegative() || cap.isZero()) {
            throw new IllegalArgumentException("cap must be positive");
        }
    }

    /** The sizes for a full run; for {@code --quick}, a small stadium that checks integrity in seconds. */
    static StadiumSizes of(Profile profile) {
        if (profile.isQuick()) {
            return new StadiumSizes(10, 100, 1_500, 50, 4, Duration.ofMillis(50), Duration.ofMillis(200), 500,
                    Duration.ofSeconds(60));
        }
        return new StadiumSizes(200, 500, 200_000, 1_000, 8, Duration.ofMillis(200), Duration.ofSeconds(2), 1_000,
                Duration.ofMinutes(5));
    }

    /**
     * The sizes on {@code backend}: the everywhere but on the in-process Mongo server, which
     * scans its collection on every call (about 10 calls a second on a show of 100,000 seats, so the
     * full on-sale would take hours there): a stadium of 2,000 seats, 4,000 attempts by 200 users.
     */
    StadiumSizes on(BackendKind backend) {
        if (backend != BackendKind.MONGO || seats() <= MONGO_SEATS) {
            return this;
        }
        return new StadiumSizes(20, MONGO_SEATS / 20, 2 * MONGO_SEATS, 200, hotSeats, minHold, maxHold, addBatch,
                Duration.ofMinutes(2));
    }

    /** The most seats of a stadium on the in-process Mongo server. */
    static final int MONGO_SEATS = 2_000;

    /** Seats of the show. */
    int seats() {
        return rows * seatsPerRow;
    }

    /** The number of seat {@code index} (row-major, front row first), e.g. {@code R000-0250}; sorts as the index does. */
    String number(int index) {
        return String.format("R%03d-%04d", index / seatsPerRow, index % seatsPerRow);
    }
}
