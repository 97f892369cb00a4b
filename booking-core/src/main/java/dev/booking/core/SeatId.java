package dev.booking.core;

/**
 * Identifies one seat of one show: the unit that can belong to at most one user.
 *
 * @param show   the show the seat belongs to
 * @param number the seat's number or label within the show, e.g. {@code "A5"}; see {@link Identifier}
 * @throws IllegalArgumentException naming the field {@code show} or {@code seat} if either is invalid
 */
public record SeatId(ShowId show, String number) {

    /** Validates both parts. */
    public SeatId {
        if (show == null) {
            throw new IllegalArgumentException("show must not be null");
        }
        Identifiers.require("seat", number);
    }

    /** Shorthand for {@code new SeatId(new ShowId(show), number)}. */
    public static SeatId of(String show, String number) {
        return new SeatId(new ShowId(show), number);
    }

    @Override
    public String toString() {
        return show.value() + "/" + number;
    }
}
