package dev.booking.mongo;

import dev.booking.core.BookingEvent;
import dev.booking.core.BookingListener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Remembers every event, from any number of threads, in the order they arrived. */
final class RecordingListener implements BookingListener {

    private final ConcurrentLinkedQueue<BookingEvent> events = new ConcurrentLinkedQueue<>();

    @Override
    public void onEvent(BookingEvent event) {
        events.add(event);
    }

    List<BookingEvent> events() {
        return new ArrayList<>(events);
    }

    /** The events so far, forgetting them. */
    List<BookingEvent> drain() {
        List<BookingEvent> drained = new ArrayList<>();
        BookingEvent event;
        while ((event = events.poll()) != null) {
            drained.add(event);
        }
        return drained;
    }
}
