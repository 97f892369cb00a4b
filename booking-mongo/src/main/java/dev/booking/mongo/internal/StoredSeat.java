package dev.booking.mongo.internal;

import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;

import java.time.Instant;

/**
 * One seat document as stored, before the clock is applied: a hold keeps its status {@code HELD}
 * here even after it expired, so that the writes that clear it can match on what is stored.
 *
 * @param state   the stored fields
 * @param pending whether the hold is the first step of a multi-seat claim that has not finished
 *                (see {@code GroupClaim}); always a hold
 */
public record StoredSeat(SeatState state, boolean pending) {

    /** Rejects a missing state and a pending flag on anything but a hold. */
    public StoredSeat {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        if (pending && state.status() != SeatStatus.HELD) {
            throw new IllegalArgumentException("only a hold can be pending");
        }
    }

    /** The seat. */
    public SeatId seat() {
        return state.seat();
    }

    /** Whether this is a hold whose expiry is at or before {@code now}: such a seat is free. */
    public boolean isLapsed(Instant now) {
        return state.status() == SeatStatus.HELD && !state.holdExpiresAt().isAfter(now);
    }

    /** Whether someone holds (not lapsed) or booked the seat at {@code now}. */
    public boolean isLive(Instant now) {
        return state.status() == SeatStatus.BOOKED || (state.status() == SeatStatus.HELD && !isLapsed(now));
    }

    /** The seat as readers see it at {@code now}: a lapsed hold reads as empty, at its stored version. */
    public SeatState asOf(Instant now) {
        return isLapsed(now) ? SeatState.empty(state.seat(), state.version()) : state;
    }
}
