package dev.booking.jdbc.internal;

import dev.booking.core.BookingEvent;

import java.util.List;

/**
 * What an operation answers and the events its committed change caused, to be told to the
 * listener once the connection is back in the pool.
 *
 * @param result the answer for the caller
 * @param events the events, empty if nothing changed
 * @param <T>    the answer's type
 */
public record Outcome<T>(T result, List<BookingEvent> events) {

    /** Copies the list. */
    public Outcome {
        events = List.copyOf(events);
    }

    /** An answer that changed nothing. */
    public static <T> Outcome<T> quiet(T result) {
        return new Outcome<>(result, List.of());
    }

    /** An answer whose change caused {@code event}. */
    public static <T> Outcome<T> of(T result, BookingEvent event) {
        return new Outcome<>(result, List.of(event));
    }
}
