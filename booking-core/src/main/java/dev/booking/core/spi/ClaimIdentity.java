package dev.booking.core.spi;

import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a reference is bound to by the first claim that succeeds under it: the show, the user and
 * the exact set of seats. A later claim under the same reference is the same claim only if its
 * identity is equal; see {@link SeatRules#boundToAnotherClaim}.
 *
 * <p>Stores that keep only a fingerprint of the identity use {@link #digest()} (show, user and
 * seats) or {@link #seatsDigest()} (seat numbers only, for a store that keeps show and user in
 * columns of their own). Both are SHA-256 over a canonical encoding in which every string is
 * preceded by its length, so that no two different identities encode alike (seats
 * {@code ["A1", "2"]} and {@code ["A", "12"]} differ), and both are stable across JVMs and releases.
 *
 * <p>Construction throws {@link IllegalArgumentException} naming the field if a part is missing, a
 * seat repeats or belongs to another show.
 *
 * @param show  the show of the seats
 * @param user  who claimed them
 * @param seats the seats, sorted, without repeats, all of {@code show}
 */
public record ClaimIdentity(ShowId show, UserId user, List<SeatId> seats) {

    /** Validates the parts and keeps the seats sorted. */
    public ClaimIdentity {
        Arguments.requirePresent("show", show);
        Arguments.requirePresent("user", user);
        seats = Arguments.sortedSeats("seats", seats);
        for (int i = 0; i < seats.size(); i++) {
            if (!seats.get(i).show().equals(show)) {
                throw new IllegalArgumentException("seats must all belong to the show");
            }
            if (i > 0 && seats.get(i).equals(seats.get(i - 1))) {
                throw new IllegalArgumentException("seats must not repeat a seat");
            }
        }
    }

    /** The identity of what {@code request} claims. */
    public static ClaimIdentity of(ClaimRequest request) {
        Arguments.requirePresent("request", request);
        return new ClaimIdentity(request.show(), request.user(), request.seats());
    }

    /** SHA-256, in lower-case hex, of the show, the user and the seat numbers, each length-prefixed. */
    public String digest() {
        MessageDigest sha = sha256();
        update(sha, show.value());
        update(sha, user.value());
        updateSeats(sha);
        return HexFormat.of().formatHex(sha.digest());
    }

    /** SHA-256, in lower-case hex, of the seat numbers alone, each length-prefixed, after their count. */
    public String seatsDigest() {
        MessageDigest sha = sha256();
        updateSeats(sha);
        return HexFormat.of().formatHex(sha.digest());
    }

    private void updateSeats(MessageDigest sha) {
        sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(seats.size()).array());
        seats.forEach(seat -> update(sha, seat.number()));
    }

    /** Appends the UTF-8 bytes of {@code value} after their length, a 4-byte big-endian count. */
    private static void update(MessageDigest sha, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
