package dev.booking.core;

import dev.booking.core.spi.Arguments;

import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of one stored seat, as read from a repository.
 *
 * <p>A hold that has expired is reported as {@link SeatStatus#EMPTY}, whether or not a sweep has
 * cleared it yet: it is free to claim.
 *
 * <p>Construction throws {@link IllegalArgumentException} if the parts contradict each other.
 *
 * @param seat          the seat
 * @param status        empty, held or booked
 * @param owner         who holds or booked the seat; {@code null} exactly when it is empty
 * @param reference     the reference of the hold or booking; {@code null} exactly when it is empty
 * @param holdExpiresAt when a hold expires, by the store's clock; {@code null} unless held
 * @param version       a counter the repository increases on every change of the seat, starting at 0
 */
public record SeatState(SeatId seat, SeatStatus status, UserId owner, BookingReference reference,
                        Instant holdExpiresAt, long version) {

    /** Checks that the parts agree with the status. */
    public SeatState {
        Arguments.requirePresent("seat", seat);
        Arguments.requirePresent("status", status);
        if ((status == SeatStatus.EMPTY) != (owner == null)) {
            throw new IllegalArgumentException("owner must be present exactly when the seat is not empty");
        }
        if ((status == SeatStatus.EMPTY) != (reference == null)) {
            throw new IllegalArgumentException("reference must be present exactly when the seat is not empty");
        }
        if ((status == SeatStatus.HELD) != (holdExpiresAt != null)) {
            throw new IllegalArgumentException("holdExpiresAt must be present exactly when the seat is held");
        }
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative");
        }
    }

    /** A seat that was just added: empty, version 0. */
    public static SeatState empty(SeatId seat) {
        return new SeatState(seat, SeatStatus.EMPTY, null, null, null, 0);
    }

    /** An empty seat at {@code version}. */
    public static SeatState empty(SeatId seat, long version) {
        return new SeatState(seat, SeatStatus.EMPTY, null, null, null, version);
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
