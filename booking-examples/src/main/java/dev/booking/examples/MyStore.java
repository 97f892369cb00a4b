package dev.booking.examples;

import dev.booking.core.BookingListener;
import dev.booking.core.SeatRepository;
import dev.booking.core.memory.InMemorySeatRepository;

/**
 * Stands for the adapter you write and test with the kit (see the README's "Testing your own
 * adapter with the TCK"). So that the example runs, it is the in-memory reference implementation.
 */
public final class MyStore {

    private MyStore() {
    }

    /** Your store's repository, telling {@code listener} about every change. */
    public static SeatRepository repository(BookingListener listener) {
        return InMemorySeatRepository.builder().listener(listener).build();
    }

    /** Your store's repository, without a listener. */
    public static SeatRepository repository() {
        return repository(BookingListener.NONE);
    }
}
