package dev.booking.core;

import java.util.List;

/** The checks the result records share. */
final class Results {

    private Results() {
    }

    static <T> T require(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    /** A sorted, unmodifiable, non-empty copy without nulls. */
    static List<SeatId> seats(List<SeatId> seats) {
        if (seats == null || seats.isEmpty()) {
            throw new IllegalArgumentException("seats must not be null or empty");
        }
        if (seats.stream().anyMatch(seat -> seat == null)) {
            throw new IllegalArgumentException("seats must not contain null");
        }
        return seats.stream()
                .sorted(java.util.Comparator.comparing(SeatId::show, java.util.Comparator.comparing(ShowId::value))
                        .thenComparing(SeatId::number))
                .toList();
    }
}
