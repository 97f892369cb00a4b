package dev.booking.bench.perf;

/**
 * What a stadium on-sale run measured beyond the figures every run has (in {@link RunResult}: the
 * planned attempts, the time from the gate to the last of them answered, their latency).
 *
 * @param seats           seats of the show
 * @param users           concurrent users
 * @param addNanos        time to add every seat through the library
 * @param onSaleNanos     from the gate to the last planned attempt's answer
 * @param bookings        seats sold in that time ({@code tryBook} said {@code Booked}, or a hold was confirmed)
 * @param refusals        planned attempts refused in that time ({@code Taken}, {@code Unavailable},
 *                        {@code AlreadyYours} for a seat the user held or had)
 * @param holds           holds granted by the planned attempts
 * @param confirmed       of those, confirmed in time
 * @param confirmsLapsed  of those, whose confirmation came after the expiry
 * @param swept           holds {@code sweepExpiredHolds} cleared during the run
 * @param sweepAttempts   {@code tryBook} calls on the seats left, after the planned attempts
 * @param soldSeats       seats sold when the run ended
 * @param soldOutNanos    from the gate to the sale of the last seat; -1 if not sold out
 * @param endedNanos      from the gate to the end of the run: sold out, or the cap
 */
record StadiumFigures(int seats, int users, long addNanos, long onSaleNanos, long bookings, long refusals, long holds,
                      long confirmed, long confirmsLapsed, long swept, long sweepAttempts, int soldSeats,
                      long soldOutNanos, long endedNanos) {

    /** Seats added per second. */
    double seatsAddedPerSecond() {
        return perSecond(seats, addNanos);
    }

    /** Seats sold per second between the gate and the last planned attempt's answer. */
    double bookingsPerSecond() {
        return perSecond(bookings, onSaleNanos);
    }

    /** Planned attempts refused per second over the same time. */
    double refusalsPerSecond() {
        return perSecond(refusals, onSaleNanos);
    }

    /** Whether every seat was sold before the cap. */
    boolean soldOut() {
        return soldOutNanos >= 0;
    }

    /** {@code 12.3 s}, or {@code not sold out after 600 s (99,870 of 100,000)}. */
    String soldOutText() {
        return soldOut() ? String.format(java.util.Locale.ROOT, "%.1f s", soldOutNanos / 1e9)
                : String.format(java.util.Locale.ROOT, "not sold out after %.0f s (%,d of %,d)", endedNanos / 1e9,
                soldSeats, seats);
    }

    private static double perSecond(long count, long nanos) {
        return nanos <= 0 ? Double.NaN : count / (nanos / 1e9);
    }
}
