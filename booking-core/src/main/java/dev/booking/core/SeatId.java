package dev.booking.core;

import dev.booking.core.spi.Arguments;

/**
 * Identifies one seat of one show: the unit that can belong to at most one user.
 *
 * <p>Seats are ordered by show, then by number, both as {@link String#compareTo} orders them: the one
 * global order in which every repository locks and lists seats, so that overlapping claims of groups
 * queue for their first common seat instead of deadlocking, whatever the store's collation.
 *
 * @param show   the show the seat belongs to
 * @param number the seat's number or label within the show, e.g. {@code "A5"}; see {@link Identifier}
 */
public record SeatId(ShowId show, String number) implements Comparable<SeatId> {

    /**
     * Validates both parts.
     *
     * @throws IllegalArgumentException naming the field {@code show} or {@code seat} if either is invalid
     */
    public SeatId {
        Arguments.requirePresent("show", show);
        Identifier.require("seat", number);
    }

    /** By show, then by number, as {@link String#compareTo} orders them. */
    @Override
    public int compareTo(SeatId other) {
        int byShow = show.value().compareTo(other.show.value());
        return byShow != 0 ? byShow : number.compareTo(other.number);
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
