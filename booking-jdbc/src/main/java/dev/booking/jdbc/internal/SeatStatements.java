package dev.booking.jdbc.internal;

/**
 * The statements a repository runs, built once per repository. Every statement that acts on a
 * group of seats ends in {@code show_id = ? AND seat_no IN (...)}, whose placeholders
 * {@link #forSeats} fills in; those parameters always come last.
 *
 * <p>Read statements return the columns {@code show_id, seat_no, status, owner_id, reference,
 * hold_until_us} (the expiry in microseconds since the epoch), {@code lapsed} (1 if the database's
 * clock says the hold has expired) and {@code version}; see {@link SeatMapping}.
 *
 * @param claim          tryBook's conditional update of an empty seat (owner, reference, show, seat); 1 row
 *                       means this call won; the baseline users compare with
 * @param tryBook        what tryBook sends first: {@code claim}, or a form of it that also tells a loser why
 * @param readSeat       one seat (show, seat)
 * @param lockSeat       one seat, locked until the transaction ends (show, seat)
 * @param readShow       every seat of a show (show)
 * @param readReference  every seat carrying a reference, live or lapsed (reference)
 * @param insertIfAbsent one empty seat unless it exists (show, seat)
 * @param hold           holds free seats (owner, reference, hold length in microseconds, show, seats...)
 * @param bookSeats      books free seats (owner, reference, show, seats...)
 * @param confirm        turns unexpired holds into bookings (reference, owner, show, seats...)
 * @param release        frees held (unexpired) or booked seats (reference, owner, show, seats...)
 * @param lockExpired    up to n expired holds, oldest first, skipping rows another transaction has
 *                       locked (n); returns {@code show_id, seat_no, owner_id, reference}
 * @param expire         frees seats whose hold has expired (show, seats...)
 * @param expireByArrays frees seats whose hold has expired, of any shows (an array of shows and one of
 *                       seat numbers, element by element), or {@code null} where the database takes no
 *                       arrays; then {@code expire} runs instead
 * @param takeover       tryBook's update of a lapsed hold, only the one read at that version (owner,
 *                       reference, show, seat, version); 1 row means this call replaced that hold, and
 *                       tells it expired
 */
public record SeatStatements(String claim, TryBookStatement tryBook, String readSeat, String lockSeat, String readShow, String readReference,
                            String insertIfAbsent, String hold, String bookSeats, String confirm, String release,
                            String lockExpired, String expire, String expireByArrays, String takeover) {

    /** Stands for the placeholders of the seat numbers in a group statement. */
    static final String SEATS = "#seats#";

    /** {@code template} with {@code count} seat-number placeholders. */
    public static String forSeats(String template, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive, was " + count);
        }
        StringBuilder placeholders = new StringBuilder(count * 3);
        for (int i = 0; i < count; i++) {
            placeholders.append(i == 0 ? "?" : ", ?");
        }
        return template.replace(SEATS, placeholders);
    }
}
