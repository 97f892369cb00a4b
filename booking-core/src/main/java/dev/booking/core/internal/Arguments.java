package dev.booking.core.internal;

import dev.booking.core.SeatId;
import dev.booking.core.ShowId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Argument checks that turn a missing argument into an {@link IllegalArgumentException} naming it. */
public final class Arguments {

    private Arguments() {
    }

    /** Returns {@code value}, or throws {@code IllegalArgumentException("<field> must not be null")}. */
    public static <T> T requirePresent(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    /**
     * Validates every seat number before anything is written, and returns the seats in order,
     * without duplicates.
     */
    public static List<SeatId> seatsOf(ShowId show, Collection<String> numbers) {
        requirePresent("show", show);
        requirePresent("numbers", numbers);
        List<SeatId> seats = new ArrayList<>(numbers.size());
        for (String number : numbers) {
            seats.add(new SeatId(show, number));
        }
        return seats.stream().distinct().toList();
    }

    /** The most seats one sweep may clear. */
    public static final int MAX_SWEEP = 10_000;

    /** Returns {@code limit} if it is a valid sweep limit (1 to {@value #MAX_SWEEP}). */
    public static int sweepLimit(int limit) {
        if (limit < 1 || limit > MAX_SWEEP) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_SWEEP + ", was " + limit);
        }
        return limit;
    }
}
