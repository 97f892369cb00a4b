package dev.booking.bench;

import dev.booking.core.BookingReference;
import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.UserId;

import java.util.List;
import java.util.Map;

/**
 * One caller's call in a race, as the integrity check needs it: the seats it went for (one, or a
 * group), as whom, and for a group claim the reference its seats are stored under.
 *
 * @param seats     the seats, at least one
 * @param user      the caller
 * @param reference the group's reference; null for a single-seat booking, whose stored owner alone
 *                  says whether it is this caller's
 */
public record Call(List<SeatId> seats, UserId user, BookingReference reference) {

    /** Copies the seats. */
    public Call {
        seats = List.copyOf(seats);
        if (seats.isEmpty()) {
            throw new IllegalArgumentException("a call goes for at least one seat");
        }
    }

    /** A single-seat booking ({@code tryBook}). */
    public static Call booking(SeatId seat, UserId user) {
        return new Call(List.of(seat), user, null);
    }

    /** A group claim, all or nothing. */
    public static Call claim(ClaimRequest request) {
        return new Call(request.seats(), request.user(), request.reference());
    }

    /** Whether the store holds every seat of this call for this caller (and under its reference, for a group). */
    boolean storedWhole(Map<SeatId, SeatState> stored) {
        return seats.stream().allMatch(seat -> {
            SeatState state = stored.get(seat);
            return state != null && user.equals(state.owner())
                    && (reference == null || reference.equals(state.reference()));
        });
    }
}
