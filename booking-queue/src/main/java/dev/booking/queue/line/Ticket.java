package dev.booking.queue.line;

import dev.booking.core.spi.Arguments;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names one request submitted to a {@link SharedLine}: the handle a user polls with
 * {@link SharedLine#status(Ticket)} while the page shows "processing...".
 *
 * <p>An id is 22 characters of URL-safe base64 (no padding) carrying 128 bits, at least 122 of them
 * random, so that ids cannot be guessed or enumerated: a ticket id is the only credential a status
 * poll needs. Construction throws {@link IllegalArgumentException} naming the field {@code ticket}
 * for anything else; {@link #parse} answers empty instead, for ids that arrive from outside.
 *
 * @param id the ticket id
 */
public record Ticket(String id) {

    /** The length of every ticket id. */
    public static final int LENGTH = 22;

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Rejects an id that is not 22 URL-safe base64 characters. */
    public Ticket {
        Arguments.requirePresent("ticket", id);
        if (!FORMAT.matcher(id).matches()) {
            throw new IllegalArgumentException("ticket must be " + LENGTH + " URL-safe base64 characters");
        }
    }

    /** A new ticket of 128 random bits from a {@link SecureRandom}. */
    public static Ticket random() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return fromBits(bits);
    }

    /**
     * The ticket whose id encodes the first 16 bytes of {@code bits}, for lines that derive ids (for
     * instance from a keyed hash of an idempotency key).
     *
     * @param bits at least 16 bytes, which must be unpredictable to anyone without the line's secret
     * @return the ticket
     */
    public static Ticket fromBits(byte[] bits) {
        Arguments.requirePresent("bits", bits);
        if (bits.length < 16) {
            throw new IllegalArgumentException("bits must be at least 16 bytes, were " + bits.length);
        }
        byte[] first = java.util.Arrays.copyOf(bits, 16);
        return new Ticket(Base64.getUrlEncoder().withoutPadding().encodeToString(first));
    }

    /** The ticket named by {@code id}, or empty if {@code id} cannot be a ticket id (never throws). */
    public static Optional<Ticket> parse(String id) {
        return id != null && FORMAT.matcher(id).matches() ? Optional.of(new Ticket(id)) : Optional.empty();
    }

    @Override
    public String toString() {
        return id;
    }
}
