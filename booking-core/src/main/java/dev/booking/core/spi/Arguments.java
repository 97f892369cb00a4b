package dev.booking.core.spi;

import dev.booking.core.ClaimRequest;
import dev.booking.core.OrderedClaims;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The argument checks of the booking API, spelled once: each turns bad input into an
 * {@link IllegalArgumentException} whose message names the field, before anything is written.
 */
public final class Arguments {

    private Arguments() {
    }

    /**
     * Returns {@code value} if it is present.
     *
     * @param field the name the message gives the argument
     * @param value the argument
     * @param <T>   its type
     * @return {@code value}
     * @throws IllegalArgumentException "{@code <field>} must not be null" if {@code value} is null
     */
    public static <T> T requirePresent(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    /**
     * Validates every seat number of an {@link SeatRepository#addSeats} call before anything is
     * written, and returns the seats without duplicates, in seat order (which is also the order in
     * which concurrent inserts must take their locks).
     *
     * @param show    the show
     * @param numbers the seat numbers; duplicates are allowed
     * @return the distinct seats, sorted
     * @throws IllegalArgumentException naming {@code show}, {@code numbers} or {@code seat}
     */
    public static List<SeatId> seatsToAdd(ShowId show, Collection<String> numbers) {
        requirePresent("show", show);
        requirePresent("numbers", numbers);
        List<SeatId> seats = new ArrayList<>(numbers.size());
        for (String number : numbers) {
            seats.add(new SeatId(show, number));
        }
        return seats.stream().distinct().sorted().toList();
    }

    /**
     * Returns {@code seats} as a sorted, unmodifiable list, rejecting a missing, empty or
     * null-containing one.
     *
     * @param field the name the message gives the argument
     * @param seats the seats
     * @return a sorted copy
     * @throws IllegalArgumentException naming {@code field}
     */
    public static List<SeatId> sortedSeats(String field, Collection<SeatId> seats) {
        if (seats == null || seats.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be null or empty");
        }
        if (seats.stream().anyMatch(seat -> seat == null)) {
            throw new IllegalArgumentException(field + " must not contain null");
        }
        return seats.stream().sorted().toList();
    }

    /**
     * Returns {@code limit} if it is a valid {@link SeatRepository#sweepExpiredHolds} limit.
     *
     * @param limit the limit
     * @return {@code limit}
     * @throws IllegalArgumentException naming {@code limit} unless it is 1 to
     *                                  {@value SeatRepository#MAX_SWEEP_LIMIT}
     */
    public static int sweepLimit(int limit) {
        if (limit < 1 || limit > SeatRepository.MAX_SWEEP_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + SeatRepository.MAX_SWEEP_LIMIT
                    + ", was " + limit);
        }
        return limit;
    }

    /**
     * Returns an immutable copy of {@code requests} if it is a valid batch for
     * {@link OrderedClaims#claimInOrder}.
     *
     * @param requests the batch
     * @return the requests, copied, in the same order
     * @throws IllegalArgumentException naming {@code requests} if it is missing, empty, longer than
     *                                  {@value OrderedClaims#MAX_BATCH} or holds null
     */
    public static List<ClaimRequest> claimBatch(List<ClaimRequest> requests) {
        requirePresent("requests", requests);
        if (requests.isEmpty() || requests.size() > OrderedClaims.MAX_BATCH) {
            throw new IllegalArgumentException("requests must hold 1 to " + OrderedClaims.MAX_BATCH
                    + " requests, held " + requests.size());
        }
        // not requests.contains(null): some immutable lists throw on a null argument
        if (requests.stream().anyMatch(request -> request == null)) {
            throw new IllegalArgumentException("requests must not hold null");
        }
        return List.copyOf(requests);
    }
}
