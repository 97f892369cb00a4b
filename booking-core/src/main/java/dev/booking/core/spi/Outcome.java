package dev.booking.core.spi;

import dev.booking.core.BookingEvent;

import java.util.List;

/**
 * What one operation answers, with the events its change caused. An adapter's operations return
 * outcomes instead of telling the listener themselves, so that its facade tells the listener once
 * the change is durable and the store's resources are released ({@link EventPublisher#deliver}).
 *
 * @param result the answer for the caller
 * @param events the events, in order; empty when nothing changed
 * @param <T>    the answer's type
 */
public record Outcome<T>(T result, List<BookingEvent> events) {

    /**
     * Rejects a missing answer and copies the events.
     *
     * @throws IllegalArgumentException naming {@code result} or {@code events}
     */
    public Outcome {
        Arguments.requirePresent("result", result);
        events = List.copyOf(Arguments.requirePresent("events", events));
    }

    /** An answer that changed nothing. */
    public static <T> Outcome<T> unchanged(T result) {
        return new Outcome<>(result, List.of());
    }

    /** An answer whose change caused {@code event}. */
    public static <T> Outcome<T> changed(T result, BookingEvent event) {
        return new Outcome<>(result, List.of(event));
    }

    /** An answer whose change caused {@code events}, told in that order. */
    public static <T> Outcome<T> changed(T result, List<BookingEvent> events) {
        return new Outcome<>(result, events);
    }

    /** Whether the operation changed something. */
    public boolean isChange() {
        return !events.isEmpty();
    }
}
