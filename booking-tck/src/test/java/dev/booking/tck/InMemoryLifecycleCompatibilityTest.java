package dev.booking.tck;

import dev.booking.core.BookingListener;
import dev.booking.core.SeatRepository;
import dev.booking.core.memory.InMemorySeatRepository;

/** The reference implementation passes the lifecycle rules. */
class InMemoryLifecycleCompatibilityTest extends SeatLifecycleContract {

    @Override
    protected SeatRepository repository(BookingListener listener) {
        return InMemorySeatRepository.builder().listener(listener).build();
    }
}
