package dev.booking.core;

/** Where a seat stands in its lifecycle. */
public enum SeatStatus {
    /** Nobody owns the seat; a hold that has expired reads as empty too. */
    EMPTY,
    /** A user holds the seat until its hold expires, unless confirmed or released before. */
    HELD,
    /** A user owns the seat until it is released. */
    BOOKED
}
