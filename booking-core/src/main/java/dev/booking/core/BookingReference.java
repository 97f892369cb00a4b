package dev.booking.core;

import java.util.UUID;

/**
 * Names one successful hold or booking: the group of seats one {@link ClaimRequest} won.
 *
 * <p>A reference is generated for every request that does not bring its own; a caller may supply
 * its own (an order number, an idempotency key) with {@link ClaimRequest#withReference}. Sending a
 * request again with the same reference returns the original outcome instead of claiming twice,
 * and {@link SeatRepository#confirm confirm} and {@link SeatRepository#release(BookingReference, UserId)
 * release} act on the whole group it names. A reference names one claim for good: the first claim
 * that succeeds under it binds it to that claim's show, user and seats, and the binding outlives the
 * seats' release or lapse, so a later claim of anything else under it is
 * {@link ClaimResult.ReferenceInUse ReferenceInUse} (see {@link dev.booking.core.spi.ClaimIdentity}).
 *
 * <p>Construction throws {@link IllegalArgumentException} naming the field {@code reference} if {@code value} is invalid.
 *
 * @param value the reference; the rules of {@link Identifier} apply
 */
public record BookingReference(String value) {

    /** Validates the reference. */
    public BookingReference {
        Identifier.require("reference", value);
    }

    /** Shorthand for {@code new BookingReference(value)}. */
    public static BookingReference of(String value) {
        return new BookingReference(value);
    }

    /** A new random reference (a type 4 UUID), unique for all practical purposes. */
    public static BookingReference generate() {
        return new BookingReference(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
