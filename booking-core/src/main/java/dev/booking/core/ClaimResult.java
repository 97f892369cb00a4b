package dev.booking.core;

import dev.booking.core.spi.Arguments;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@link SeatRepository#claim}. Losing to another user is {@link Unavailable}, never
 * an exception; when a request fails, nothing was changed.
 *
 * <pre>{@code
 * ClaimResult result = seats.claim(request);
 * if (result instanceof ClaimResult.Claimed claimed) {
 *     askForPayment(claimed.reference(), claimed.holdExpiresAt());
 * } else if (result instanceof ClaimResult.Unavailable unavailable) {
 *     offerOtherSeats(unavailable.seats());
 * }
 * }</pre>
 */
public sealed interface ClaimResult
        permits ClaimResult.Claimed, ClaimResult.Unavailable, ClaimResult.NoSuchSeats, ClaimResult.ReferenceInUse {

    /** Whether the user now holds or owns every seat of the request. */
    default boolean isSuccess() {
        return this instanceof Claimed;
    }

    /**
     * Every seat of the request is held or booked for the user under {@code reference}. A request
     * repeated with the same reference gets this answer again, describing the group as it stands
     * (held, or booked if confirmed since), and nothing is claimed a second time.
     *
     * @param reference     the group's reference
     * @param owner         the user
     * @param seats         the seats, sorted by seat number
     * @param status        {@link SeatStatus#HELD} or {@link SeatStatus#BOOKED}
     * @param holdExpiresAt when the hold expires, by the store's clock; {@code null} for a booking
     */
    record Claimed(BookingReference reference, UserId owner, List<SeatId> seats, SeatStatus status,
                   Instant holdExpiresAt) implements ClaimResult {
        /** Validates the parts and copies the list. */
        public Claimed {
            Arguments.requirePresent("reference", reference);
            Arguments.requirePresent("owner", owner);
            seats = Arguments.sortedSeats("seats", seats);
            if (status == null || status == SeatStatus.EMPTY) {
                throw new IllegalArgumentException("status must be HELD or BOOKED");
            }
            if ((status == SeatStatus.HELD) != (holdExpiresAt != null)) {
                throw new IllegalArgumentException("holdExpiresAt must be present exactly for a hold");
            }
        }
    }

    /**
     * Some seats belong to someone else (booked, or held and not expired), or to the same user under
     * another reference; nothing was claimed.
     *
     * @param seats the unavailable seats of the request, sorted by seat number; never empty
     */
    record Unavailable(List<SeatId> seats) implements ClaimResult {
        /** Validates and copies the list. */
        public Unavailable {
            seats = Arguments.sortedSeats("seats", seats);
        }
    }

    /**
     * Some seats of the request were never added; nothing was claimed or created.
     *
     * @param seats the missing seats, sorted by seat number; never empty
     */
    record NoSuchSeats(List<SeatId> seats) implements ClaimResult {
        /** Validates and copies the list. */
        public NoSuchSeats {
            seats = Arguments.sortedSeats("seats", seats);
        }
    }

    /**
     * The reference already names a different hold or booking (other seats, another show or
     * another user), live or released or lapsed since: a reference stays bound to the first claim
     * that succeeded under it. Nothing was claimed. Choose a new reference.
     *
     * @param reference the reference
     */
    record ReferenceInUse(BookingReference reference) implements ClaimResult {
        /** Rejects a missing reference. */
        public ReferenceInUse {
            Arguments.requirePresent("reference", reference);
        }
    }
}
