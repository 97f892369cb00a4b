package dev.booking.bench.perf;

import dev.booking.core.SeatId;
import dev.booking.core.UserId;

/**
 * One way of booking a seat: the library, or something a user might write instead. Implementations are
 * safe to share between threads; a failure is thrown, never turned into an answer.
 */
interface Approach {

    /** The variant's name in the results, e.g. {@code library} or {@code raw-jdbc}. */
    String name();

    /**
     * Tries to book {@code seat} for {@code user}.
     *
     * @return what the caller is told
     * @throws RuntimeException if the store fails
     */
    Answer book(SeatId seat, UserId user);
}
