package dev.booking.mongo.internal;

import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.spi.Arguments;
import dev.booking.core.spi.StoredSeat;

import java.time.Instant;

/**
 * One seat document as stored, before the clock is applied: a hold keeps its status {@code HELD}
 * here even after it expired, so that the writes that clear it can match on what is stored.
 *
 * @param state   the stored fields
 * @param pending whether the hold is the first step of a multi-seat claim that has not finished
 *                (see {@link GroupClaim}); always a hold
 */
public record StoredDocument(SeatState state, boolean pending) {

    /** Rejects a missing state and a pending flag on anything but a hold. */
    public StoredDocument {
        Arguments.requirePresent("state", state);
        if (pending && state.status() != SeatStatus.HELD) {
            throw new IllegalArgumentException("only a hold can be pending");
        }
    }

    /** The seat. */
    public SeatId seat() {
        return state.seat();
    }

    /** The seat judged by the repository's clock at {@code now}, for the rules of the SPI. */
    public StoredSeat at(Instant now) {
        return StoredSeat.at(state, now);
    }

    /**
     * The seat as a write that matched only a free seat ({@link SeatStatements#free}) found it just
     * before it wrote: a hold there had lapsed, so the write ended it and is the one to tell it
     * expired.
     */
    public StoredSeat asTakenOver() {
        return new StoredSeat(state, state.status() == SeatStatus.HELD);
    }

    /** Whether someone holds (not lapsed) or booked the seat at {@code now}. */
    public boolean isLive(Instant now) {
        return at(now).isLive();
    }
}
