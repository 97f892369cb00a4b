package dev.booking.core;

/** The state a seat is in, as stored by a repository. */
public enum SeatStatus {
    /** Nobody owns the seat; the next {@code tryBook} may claim it. */
    EMPTY,
    /** The seat belongs to exactly one user. */
    BOOKED
}
