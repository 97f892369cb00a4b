package dev.booking.core;

/**
 * Identifies one show: one inventory of seats (a performance, a flight, a day of a meeting room).
 *
 * <p>Construction throws {@link IllegalArgumentException} naming the field {@code show} if {@code value} is invalid.
 *
 * @param value the identifier; see {@link Identifier} for what is accepted
 */
public record ShowId(String value) {

    /** Validates the identifier. */
    public ShowId {
        Identifier.require("show", value);
    }

    /** Shorthand for {@code new ShowId(value)}. */
    public static ShowId of(String value) {
        return new ShowId(value);
    }

    /** The seat with the given number in this show. */
    public SeatId seat(String number) {
        return new SeatId(this, number);
    }

    @Override
    public String toString() {
        return value;
    }
}
