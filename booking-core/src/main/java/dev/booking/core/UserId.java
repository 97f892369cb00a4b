package dev.booking.core;

/**
 * Identifies the user (customer, account, session) on whose behalf a seat is booked.
 *
 * <p>Construction throws {@link IllegalArgumentException} naming the field {@code user} if {@code value} is invalid.
 *
 * @param value the identifier; see {@link Identifier} for what is accepted
 */
public record UserId(String value) {

    /** Validates the identifier. */
    public UserId {
        Identifier.require("user", value);
    }

    /** Shorthand for {@code new UserId(value)}. */
    public static UserId of(String value) {
        return new UserId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
