package dev.booking.core.spi;

import dev.booking.core.BookingEvent;
import dev.booking.core.BookingReference;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatStatus;
import dev.booking.core.UserId;

import java.util.ArrayList;
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

    /**
     * The lapsed hold of {@code owner} on {@code seat}, made under {@code reference}, ended: a sweep
     * cleared it, or a new claim took the seat over ({@link #takeover}).
     */
    public static BookingEvent expired(BookingReference reference, UserId owner, SeatId seat) {
        return new BookingEvent(BookingEvent.Type.EXPIRED, reference, owner, List.of(seat), null);
    }

    /**
     * The events of a booking or claim that took its seats over: first one {@code EXPIRED} per seat
     * that was a lapsed hold, naming that hold's owner and reference, in seat order, then
     * {@code taken}. A hold that lapses ends unconfirmed exactly once, by the sweep or by the change
     * that replaces it, and only that change may tell it; so every adapter reports what its winning
     * write replaced, and tells the old holder before the new one.
     *
     * @param before the taken seats as they were just before the change (free seats among them are
     *               skipped)
     * @param taken  the change's own event ({@link #booked} or {@link #claimed})
     * @return the events, in the order they are to be told
     */
    public static List<BookingEvent> takeover(Collection<StoredSeat> before, BookingEvent taken) {
        List<BookingEvent> events = new ArrayList<>();
        SeatRules.sortedBySeat(before).stream()
                .filter(StoredSeat::lapsed)
                .forEach(hold -> events.add(expired(hold.reference(), hold.owner(), hold.seat())));
        events.add(Arguments.requirePresent("taken", taken));
        return List.copyOf(events);
    }
}
