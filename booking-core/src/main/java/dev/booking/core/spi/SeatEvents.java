package dev.booking.core.spi;

import dev.booking.core.BookingEvent;
import dev.booking.core.BookingReference;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatStatus;
import dev.booking.core.UserId;

import java.util.Collection;
import java.util.List;

/**
 * The event each kind of change causes, made the same way by every adapter. Only changes cause
 * events: an answer that changed nothing (a lost race, a repeated request) has none.
 */
public final class SeatEvents {

    private SeatEvents() {
    }

    /** {@code tryBook} booked {@code seat} for {@code owner} under {@code reference}. */
    public static BookingEvent booked(SeatId seat, UserId owner, BookingReference reference) {
        return new BookingEvent(BookingEvent.Type.BOOKED, reference, owner, List.of(seat), null);
    }

    /** A claim succeeded and changed its seats: {@code HELD} (with the expiry) or {@code BOOKED}. */
    public static BookingEvent claimed(ClaimResult.Claimed claimed) {
        boolean held = claimed.status() == SeatStatus.HELD;
        return new BookingEvent(held ? BookingEvent.Type.HELD : BookingEvent.Type.BOOKED, claimed.reference(),
                claimed.owner(), claimed.seats(), held ? claimed.holdExpiresAt() : null);
    }

    /** A confirmation turned the holds {@code seats} into bookings. */
    public static BookingEvent confirmed(BookingReference reference, UserId owner, Collection<SeatId> seats) {
        return new BookingEvent(BookingEvent.Type.CONFIRMED, reference, owner, List.copyOf(seats), null);
    }

    /** The owner gave {@code seats} up. */
    public static BookingEvent released(BookingReference reference, UserId owner, Collection<SeatId> seats) {
        return new BookingEvent(BookingEvent.Type.RELEASED, reference, owner, List.copyOf(seats), null);
    }

    /** A sweep cleared the lapsed hold of {@code owner} on {@code seat}, made under {@code reference}. */
    public static BookingEvent expired(BookingReference reference, UserId owner, SeatId seat) {
        return new BookingEvent(BookingEvent.Type.EXPIRED, reference, owner, List.of(seat), null);
    }
}
