package dev.booking.core.outbox;

import dev.booking.core.BookingEvent;
import dev.booking.core.BookingReference;
import dev.booking.core.SeatId;
import dev.booking.core.UserId;
import dev.booking.core.spi.Arguments;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What one outbox record tells one person: a lifecycle change of their seats (held, booked,
 * confirmed, released, expired) or the final answer to a request they queued (refused, failed).
 *
 * <p>The {@code id} is fixed when the record is written and never changes, so every delivery of the
 * record carries it (an email's {@code Message-ID}, a webhook's idempotency key): a receiver that
 * sees an id twice drops the second. Ids are 1 to {@value #MAX_ID_LENGTH} characters of
 * {@code [A-Za-z0-9._-]}, safe in any header or URL.
 *
 * @param id            the record's stable id
 * @param kind          what happened
 * @param user          whom to tell; the application's {@code UserId}, resolved to an address by the sender
 * @param reference     the booking reference the change or request was made under
 * @param seats         the seats concerned, sorted; empty only for {@link Kind#FAILED} of a request that could not be read
 * @param holdExpiresAt when the hold must be paid by, for {@link Kind#HELD}; else {@code null}
 * @param detail        why, for {@link Kind#REFUSED} ({@code TAKEN} or {@code NO_SUCH_SEAT}) and
 *                      {@link Kind#FAILED} (free text, never shown unescaped); else {@code null}
 * @param createdAt     when the record was written
 */
public record Notice(String id, Kind kind, UserId user, BookingReference reference, List<SeatId> seats,
                     Instant holdExpiresAt, String detail, Instant createdAt) {

    /** The longest id. */
    public static final int MAX_ID_LENGTH = 100;
    /** The longest detail kept; longer text is cut. */
    public static final int MAX_DETAIL_LENGTH = 1000;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_ID_LENGTH + "}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a notice tells. */
    public enum Kind {
        /** Seats were held; pay by {@code holdExpiresAt}. */
        HELD,
        /** Seats were booked. */
        BOOKED,
        /** A hold became a booking. */
        CONFIRMED,
        /** The owner gave seats up. */
        RELEASED,
        /** A hold lapsed unpaid. */
        EXPIRED,
        /** A queued request was refused: {@code detail} says why ({@code TAKEN} or {@code NO_SUCH_SEAT}). */
        REFUSED,
        /** A queued request could not be decided: {@code detail} says why. */
        FAILED
    }

    /**
     * Validates the parts: every field present except {@code holdExpiresAt} (exactly for
     * {@link Kind#HELD}) and {@code detail} (required for {@link Kind#REFUSED} and {@link Kind#FAILED}).
     *
     * @throws IllegalArgumentException naming the offending field
     */
    public Notice {
        Arguments.requirePresent("id", id);
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id must be 1 to " + MAX_ID_LENGTH + " characters of [A-Za-z0-9._-]");
        }
        Arguments.requirePresent("kind", kind);
        Arguments.requirePresent("user", user);
        Arguments.requirePresent("reference", reference);
        seats = List.copyOf(Arguments.requirePresent("seats", seats)).stream().sorted().toList();
        if (seats.isEmpty() && kind != Kind.FAILED) {
            throw new IllegalArgumentException("seats must not be empty for " + kind);
        }
        if ((kind == Kind.HELD) != (holdExpiresAt != null)) {
            throw new IllegalArgumentException("holdExpiresAt must be present exactly for HELD");
        }
        boolean needsDetail = kind == Kind.REFUSED || kind == Kind.FAILED;
        if (needsDetail && (detail == null || detail.isBlank())) {
            throw new IllegalArgumentException("detail must be present for " + kind);
        }
        if (detail != null && detail.length() > MAX_DETAIL_LENGTH) {
            detail = detail.substring(0, MAX_DETAIL_LENGTH);
        }
        Arguments.requirePresent("createdAt", createdAt);
    }

    /** The notice of a committed lifecycle change, under a new random id. */
    public static Notice of(BookingEvent event, Instant createdAt) {
        Arguments.requirePresent("event", event);
        Kind kind = switch (event.type()) {
            case HELD -> Kind.HELD;
            case BOOKED -> Kind.BOOKED;
            case CONFIRMED -> Kind.CONFIRMED;
            case RELEASED -> Kind.RELEASED;
            case EXPIRED -> Kind.EXPIRED;
        };
        return new Notice(randomId(), kind, event.owner(), event.reference(), event.seats(), event.holdExpiresAt(),
                null, createdAt);
    }

    /** A new random id: 128 bits from a {@link SecureRandom}, 22 URL-safe base64 characters. */
    public static String randomId() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }
}
