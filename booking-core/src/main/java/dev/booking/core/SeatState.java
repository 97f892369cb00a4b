package dev.booking.core;

import java.util.Optional;

/**
 * A snapshot of one stored seat, as read from a repository.
 *
 * @param seat    the seat
 * @param status  whether it is empty or booked
 * @param owner   the owner of a booked seat; {@code null} exactly when the seat is empty
 * @param version a counter the repository increases on every change of the seat, starting at 0
 * @throws IllegalArgumentException if the parts contradict each other
 */
public record SeatState(SeatId seat, SeatStatus status, UserId owner, long version) {

    /** Checks that owner and status agree. */
    public SeatState {
        if (seat == null) {
            throw new IllegalArgumentException("seat must not be null");
        }
        if (status == null) {
            throw new IllegalArgumentException("status must not be null");
        }
        if ((status == SeatStatus.EMPTY) != (owner == null)) {
            throw new IllegalArgumentException("owner must be present exactly when the seat is not empty");
        }
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative");
        }
    }

    /** A seat that was just added: empty, version 0. */
    public static SeatState empty(SeatId seat) {
        return new SeatState(seat, SeatStatus.EMPTY, null, 0);
    }

    /** The owner, if the seat is not empty. */
    public Optional<UserId> ownerIfAny() {
        return Optional.ofNullable(owner);
    }

    /** Whether nobody owns the seat. */
    public boolean isEmpty() {
        return status == SeatStatus.EMPTY;
    }
}
