package dev.booking.core.spi;

import dev.booking.core.BookingReference;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.UserId;

import java.time.Instant;

/**
 * One seat as a store keeps it, together with the store clock's verdict on its hold. A hold that
 * has expired is still {@link SeatStatus#HELD} in {@link #state()} (a store clears it only when it
 * sweeps or reclaims the seat), and {@link #lapsed()} says it no longer counts: the seat is free.
 * Keeping the verdict apart from the state lets each store decide expiry by its own clock (the
 * database's, in SQL) while {@link SeatRules} decides everything else the same way everywhere.
 *
 * @param state  the stored fields
 * @param lapsed whether the seat is held and its hold has expired by the store's clock
 */
public record StoredSeat(SeatState state, boolean lapsed) {

    /**
     * Rejects a missing state, and a lapsed verdict on a seat that is not held.
     *
     * @throws IllegalArgumentException naming {@code state} or {@code lapsed}
     */
    public StoredSeat {
        Arguments.requirePresent("state", state);
        if (lapsed && state.status() != SeatStatus.HELD) {
            throw new IllegalArgumentException("lapsed applies only to a held seat, was " + state.status());
        }
    }

    /**
     * A stored seat judged by a clock reading: a hold lapses at its expiry instant.
     *
     * @param state the stored fields
     * @param now   the store's clock
     * @return the seat with its verdict
     */
    public static StoredSeat at(SeatState state, Instant now) {
        Arguments.requirePresent("now", now);
        return new StoredSeat(state, state.status() == SeatStatus.HELD && !state.holdExpiresAt().isAfter(now));
    }

    /** The seat. */
    public SeatId seat() {
        return state.seat();
    }

    /** The stored status; a lapsed hold is still {@link SeatStatus#HELD}. */
    public SeatStatus status() {
        return state.status();
    }

    /** The stored owner, or {@code null}. */
    public UserId owner() {
        return state.owner();
    }

    /** The stored reference, or {@code null}. */
    public BookingReference reference() {
        return state.reference();
    }

    /** Whether somebody holds (not lapsed) or booked the seat: only then is it unavailable. */
    public boolean isLive() {
        return state.status() != SeatStatus.EMPTY && !lapsed;
    }

    /** Whether the seat is live and held (not booked). */
    public boolean isLiveHold() {
        return state.status() == SeatStatus.HELD && !lapsed;
    }

    /** Whether the seat is live and belongs to {@code user}, compared exactly. */
    public boolean isLiveFor(UserId user) {
        return isLive() && user.equals(state.owner());
    }

    /** The seat as readers see it: a lapsed hold reads as empty, at its stored version. */
    public SeatState asRead() {
        return lapsed ? SeatState.empty(state.seat(), state.version()) : state;
    }
}
